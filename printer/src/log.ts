/**
 * Namespaced logging for the printer workspace (style rule R18: never `console` in library code).
 *
 * The queue server routes these entries into its own logger with `setPrinterLogSink()`. The default sink
 * writes warnings and errors to stderr and debug/info only when `DEBUG` names the namespace (`printer:*`).
 * Never pass personal data (names, ID numbers) in `msg` or `fields`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  ns: string;
  level: LogLevel;
  msg: string;
  fields?: Record<string, unknown>;
}

export type LogSink = (entry: LogEntry) => void;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function debugEnabled(ns: string): boolean {
  const spec = process.env['DEBUG'] ?? '';
  return spec.split(',').some((p) => {
    const pat = p.trim();
    if (pat === '') return false;
    if (pat === '*') return true;
    return pat.endsWith('*') ? ns.startsWith(pat.slice(0, -1)) : ns === pat;
  });
}

const defaultSink: LogSink = (e) => {
  if ((e.level === 'debug' || e.level === 'info') && !debugEnabled(e.ns)) return;
  const extra = e.fields === undefined ? '' : ` ${JSON.stringify(e.fields)}`;
  process.stderr.write(`${new Date().toISOString()} ${e.level.toUpperCase()} ${e.ns} ${e.msg}${extra}\n`);
};

let sink: LogSink = defaultSink;

/** Replaces the sink for every printer logger; returns a function that restores the previous one. */
export function setPrinterLogSink(next: LogSink): () => void {
  const prev = sink;
  sink = next;
  return () => {
    sink = prev;
  };
}

export function createLogger(ns: string): Logger {
  const emit = (level: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    try {
      sink(fields === undefined ? { ns, level, msg } : { ns, level, msg, fields });
    } catch {
      // A broken sink must never break printing.
    }
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
