/**
 * Namespaced logging for the shell (R18): JSON lines on stderr, which the kiosk image's journal keeps.
 * Never log card data or anything the citizen typed.
 */
export interface ShellLogger {
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export function createLogger(ns: string, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): ShellLogger {
  const emit = (level: string, msg: string, data?: Record<string, unknown>) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, ns, msg, ...(data ?? {}) }));
  return {
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
  };
}
