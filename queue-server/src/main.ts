/**
 * `npm start [-- --port N --host H --data DIR --config FILE --devices FILE]`: runs one hall.
 * `--central URL --hall-id ID --hall-key KEY` (or HALL_CENTRAL_URL, HALL_ID, HALL_KEY) joins a central server.
 * Prints `listening on http://HOST:PORT` once it accepts connections; SIGTERM/SIGINT close it cleanly.
 */
import { parseArgs } from 'node:util';
import { closeOnSignals, exitWithUsage, readServerArgs, serverOptions } from '@hall/contract';
import { resolve } from 'node:path';
import { loadHallConfig, ConfigError, DEMO_HALL_PATH } from './config/load-config.ts';
import { createQueueServer, StartupRefused, WeakAdminPasswordError } from './server.ts';
import { DataDirLockedError } from './services/data-lock.ts';
import { DatabaseDamagedError } from './db/database.ts';
import { createLogger } from './log.ts';
import { parseCentralFlags } from './uplink/central-flags.ts';

const USAGE =
  'usage: npm start -- [--port N] [--host H] [--public-url URL] [--trust-proxy ADDR] [--data DIR] [--config FILE] [--devices FILE] [--central URL --hall-id ID --hall-key KEY]';

async function main(): Promise<void> {
  const cli = readServerArgs(
    process,
    USAGE,
    () =>
      parseArgs({
        options: {
          ...serverOptions('8080'),
          'public-url': { type: 'string' },
          'trust-proxy': { type: 'string' },
          data: { type: 'string', default: './data' },
          config: { type: 'string' },
          devices: { type: 'string' },
          central: { type: 'string' },
          'hall-id': { type: 'string' },
          'hall-key': { type: 'string' },
          dev: { type: 'boolean', default: false },
        },
        strict: true,
      }).values,
  );
  if (!cli) return;
  const { values: args, port } = cli;
  const central = parseCentralFlags({ central: args.central, hallId: args['hall-id'], hallKey: args['hall-key'] }, process.env);
  if (!central.ok) exitWithUsage(process, USAGE, central.error);
  let config;
  try {
    config = loadHallConfig(args.config ? resolve(args.config) : DEMO_HALL_PATH, args.devices ? resolve(args.devices) : undefined);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger('queue:main');
  const dataDir = resolve(args.data);
  const trustProxy = args['trust-proxy'];
  let server;
  try {
    server = await createQueueServer({
      config,
      port,
      host: args.host,
      publicUrl: args['public-url'] ?? process.env.HALL_PUBLIC_URL,
      trustProxy: trustProxy === undefined ? false : trustProxy === 'true' ? true : trustProxy,
      dataDir,
      adminPassword: process.env.HALL_ADMIN_PASSWORD,
      onGeneratedAdminPassword: (pw) => process.stdout.write(`admin password (shown once, set HALL_ADMIN_PASSWORD to choose it): ${pw}\n`),
      startDevices: true,
      central: central.target,
      log,
    });
  } catch (err) {
    if (err instanceof StartupRefused) {
      process.stderr.write(`refusing to start: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const host = args.host === '0.0.0.0' ? '0.0.0.0' : args.host;
  process.stdout.write(`${config.hall.name}: listening on http://${host}:${server.port}\n`);
  if (central.target) process.stdout.write(`uplink: hall ${central.target.hallId} → ${central.target.url}\n`);
  closeOnSignals(process, log, () => server.close());
}

main().catch((err: unknown) => {
  // Refusals with a clear reason (and what to do) are printed as such, without a stack.
  if (err instanceof DataDirLockedError || err instanceof DatabaseDamagedError || err instanceof WeakAdminPasswordError) {
    process.stderr.write(`refusing to start: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
