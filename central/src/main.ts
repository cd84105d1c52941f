/**
 * `npm run central -- [--port N] [--host H] [--database URL]`: the city's central server. `--database`
 * defaults to `$DATABASE_URL`. Prints `listening on http://HOST:PORT` once it accepts connections and
 * exits 0 on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { createCentral } from './server.ts';
import { createLogger } from './log.ts';
import { SchemaTooNewError } from './db/migrate.ts';

const USAGE = 'usage: npm run central -- [--port N] [--host H] [--database postgres://…]';

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '8090' },
        host: { type: 'string', default: '127.0.0.1' },
        database: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be 0..65535, got ${args.port}\n`);
    process.exit(2);
  }
  const database = args.database ?? process.env.DATABASE_URL;
  if (!database) {
    process.stderr.write(`give --database or set DATABASE_URL\n${USAGE}\n`);
    process.exit(2);
  }
  const log = createLogger('central:main');
  let central;
  try {
    central = await createCentral({
      database,
      port,
      host: args.host,
      adminPassword: process.env.CENTRAL_ADMIN_PASSWORD,
      onGeneratedAdminPassword: (pw) =>
        process.stdout.write(`central admin password (shown once, set CENTRAL_ADMIN_PASSWORD to choose it): ${pw}\n`),
      log,
    });
  } catch (err) {
    process.stderr.write(`${err instanceof SchemaTooNewError ? err.message : `cannot start: ${(err as Error).message}`}\n`);
    process.exit(1);
  }
  process.stdout.write(`listening on http://${args.host}:${central.port}\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    central.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: (err as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main();
