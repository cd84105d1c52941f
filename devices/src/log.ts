/** The injected logger (style R18: never `console` in library code). */
export type Log = (msg: string, meta?: object) => void;

export const silentLog: Log = () => {};

/** Prefixes every message with a namespace such as `devices:bus[bus1]`. */
export function namespaced(log: Log, ns: string): Log {
  return (msg, meta) => log(`${ns} ${msg}`, meta);
}
