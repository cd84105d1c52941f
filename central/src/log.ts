/** Namespaced JSON logs (pino) for the central server: `createLogger('central:http')`. Silent under tests. */
import pino from 'pino';

export type Logger = pino.Logger;

let root: pino.Logger | null = null;

export function createLogger(name: string): Logger {
  if (!root) {
    const level = process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
    root = pino(
      {
        level,
        base: undefined,
        redact: { paths: ['password', '*.password', 'key', '*.key', 'authorization', '*.authorization'], censor: '[redacted]' },
      },
      pino.destination({ dest: 2, sync: true }),
    );
  }
  return root.child({ name });
}
