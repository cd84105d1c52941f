/**
 * The command line both servers share (`npm start` for a hall, `npm run central` for the city): a flag that
 * cannot be read prints its reason and the usage on stderr and exits 2; `--help` prints the usage and ends;
 * `--port` must be 0..65535; SIGTERM or SIGINT closes the server once and exits 0 (1 if closing fails).
 * Node's `process` is passed in rather than imported so that this package stays free of Node modules: the
 * browser apps bundle it too.
 */

/** The part of Node's `process` these helpers use. */
export interface CliProcess {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  exit(code: number): never;
  on(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** The exit code of a command line that cannot be run as given. */
export const USAGE_EXIT_CODE = 2;

/** Prints why the command line cannot be run, then the usage, and exits 2. */
export function exitWithUsage(proc: CliProcess, usage: string, reason: string): never {
  proc.stderr.write(`${reason}\n${usage}\n`);
  return proc.exit(USAGE_EXIT_CODE);
}

/** The flags both servers take, for node:util `parseArgs`: `--port`, `--host` (127.0.0.1 unless given), `--help`. */
export function serverOptions(defaultPort: string) {
  return {
    port: { type: 'string', default: defaultPort },
    host: { type: 'string', default: '127.0.0.1' },
    help: { type: 'boolean', default: false },
  } as const;
}

/**
 * Reads the flags with `parse` (node:util `parseArgs` in strict mode, which throws on an unknown or
 * incomplete flag) and checks `--port`. Returns null after printing the usage for `--help`; exits 2 on a
 * flag it cannot accept.
 */
export function readServerArgs<V extends { port: string; help: boolean }>(
  proc: CliProcess,
  usage: string,
  parse: () => V,
): { values: V; port: number } | null {
  let values: V;
  try {
    values = parse();
  } catch (err) {
    return exitWithUsage(proc, usage, (err as Error).message);
  }
  if (values.help) {
    proc.stdout.write(`${usage}\n`);
    return null;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    proc.stderr.write(`--port must be 0..65535, got ${values.port}\n`);
    return proc.exit(USAGE_EXIT_CODE);
  }
  return { values, port };
}

/** The part of a pino logger the shutdown uses. */
export interface ShutdownLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** On the first SIGTERM or SIGINT: `close`, then exit 0, or 1 if closing fails. Later signals are ignored. */
export function closeOnSignals(proc: CliProcess, log: ShutdownLog, close: () => Promise<unknown>): void {
  let closing = false;
  const shutdown = (signal: 'SIGTERM' | 'SIGINT') => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    close().then(
      () => proc.exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'shutdown failed');
        proc.exit(1);
      },
    );
  };
  proc.on('SIGTERM', () => shutdown('SIGTERM'));
  proc.on('SIGINT', () => shutdown('SIGINT'));
}
