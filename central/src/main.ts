/**
 * `npm run central -- [--port N] [--host H] [--database URL]`: the city's central server. `--database`
 * defaults to `$DATABASE_URL`. Prints `listening on http://HOST:PORT` once it accepts connections and
 * exits 0 on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { closeOnSignals, exitWithUsage, readServerArgs, serverOptions } from '@hall/contract';
import { createCentral } from './server.ts';
import { createLogger } from './log.ts';
import { SchemaTooNewError } from './db/migrate.ts';

const USAGE = 'usage: npm run central -- [--port N] [--host H] [--database postgres://…]';

async function main(): Promise<void> {
  const cli = readServerArgs(
    process,
    USAGE,
    () =>
      parseArgs({
        options: {
          ...serverOptions('8090'),
          database: { type: 'string' },
        },
        strict: true,
      }).values,
  );
  if (!cli) return;
  const { values: args, port } = cli;
  const database = args.database ?? process.env.DATABASE_URL;
  if (!database) exitWithUsage(process, USAGE, 'give --database or set DATABASE_URL');
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
  closeOnSignals(process, log, () => central.close());
}

void main();
