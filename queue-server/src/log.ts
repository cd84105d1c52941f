/**
 * Namespaced logging (R18): `createLogger('queue:http')`. JSON lines via pino. Personal data never goes
 * in: the redaction list below strips the fields that could carry it even if a caller slips.
 */
import pino from 'pino';

export type Logger = pino.Logger;

const REDACT = [
  'form',
  '*.form',
  'idNumber',
  '*.idNumber',
  'phone',
  '*.phone',
  'name',
  '*.name',
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'comment',
  '*.comment',
];

let root: pino.Logger | null = null;

export function rootLogger(): pino.Logger {
  if (!root) {
    const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info');
    const file = process.env.HALL_LOG_FILE;
    root = pino(
      {
        level,
        redact: { paths: REDACT, censor: '[redacted]' },
        base: undefined,
        // Readable by people as well as machines: "level":"warn" and an ISO time with offset.
        formatters: { level: (label) => ({ level: label }) },
        timestamp: pino.stdTimeFunctions.isoTime,
      },
      file ? pino.destination({ dest: file, sync: true }) : pino.destination({ dest: 2, sync: true }),
    );
  }
  return root;
}

export function createLogger(ns: string): Logger {
  return rootLogger().child({ ns });
}
