/**
 * A throwaway PostgreSQL cluster for tests: Debian's binaries (`/usr/lib/postgresql/<v>/bin`), a temp data
 * directory owned by `postgres` when we run as root (PostgreSQL refuses to run as root), a free port, trust
 * authentication on 127.0.0.1 only. `restart()` stops and starts the same cluster (tests of reconnects);
 * `stop()` removes everything.
 *
 * Without the binaries: with env `CI` set the caller must fail (`requirePg`), otherwise skip with a message.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PgCluster {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  readonly url: string;
  readonly port: number;
  /** A fresh database in this cluster, returned as its URL. */
  createDatabase(name: string): Promise<string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The bin directory of the newest installed PostgreSQL, or null. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * Whether PostgreSQL tests can run here. Missing binaries: throws when `CI` is set (the test must fail),
 * otherwise returns false and prints why (the caller skips).
 */
export function requirePg(): boolean {
  if (findPgBin() !== null) return true;
  const msg = 'PostgreSQL binaries not found in /usr/lib/postgresql/*/bin (apt-get install postgresql)';
  if (process.env.CI) throw new Error(`${msg}; CI is set, so this test fails instead of skipping`);
  process.stderr.write(`skipping PostgreSQL tests: ${msg}\n`);
  return false;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** The command line, as `postgres` when we are root. */
function asPg(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function pgUid(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: g } = await run('id', ['-g', 'postgres']);
  return { uid: Number(stdout.trim()), gid: Number(g.trim()) };
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL binaries not found in /usr/lib/postgresql/*/bin');
  const dir = mkdtempSync(join(tmpdir(), 'central-pg-'));
  const data = join(dir, 'data');
  if (isRoot()) {
    const { uid, gid } = await pgUid();
    chownSync(dir, uid, gid);
  }
  const [c, a] = asPg(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  await run(c, a);
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const opts = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  let running = false;

  const start = async (): Promise<void> => {
    const [cmd, args] = asPg(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
    await run(cmd, args);
    running = true;
  };

  const halt = async (): Promise<void> => {
    if (!running) return;
    running = false;
    // Fast shutdown: disconnects every client, as a database restart in production does.
    const [cmd, args] = asPg(pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    await run(cmd, args);
  };

  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async restart() {
      await halt();
      await start();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
