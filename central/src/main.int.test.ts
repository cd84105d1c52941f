/**
 * `npm run central` as a process: it prints its address and a generated admin password once, survives
 * being killed (SIGKILL) in the middle of an uplink with 0 events lost and 0 doubled, exits 0 on SIGTERM,
 * and refuses a database whose schema is newer than it knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { UplinkAck } from '@hall/contract';
import { requirePg } from './testing/pg-cluster.ts';
import { ADMIN_PASSWORD, call, freshDatabase, registerHall, startPgCluster, type PgCluster } from './testing/central-harness.ts';
import { plainEvents } from './testing/events.ts';

const HAS_PG = requirePg();
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Proc {
  child: ChildProcess;
  url: string;
  stdout: string;
}

function startProcess(database: string, port = 0, env: Record<string, string> = {}): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'central/src/main.ts', '--port', String(port), '--database', database], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', CENTRAL_ADMIN_PASSWORD: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1], stdout: out });
    });
    child.stderr?.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => reject(new Error(`central exited ${code}: ${err}`)));
  });
}

const exitOf = (c: ChildProcess) =>
  new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code))));

describe.skipIf(!HAS_PG)('the central process', () => {
  let cluster: PgCluster;
  let db: string;
  let sql: pg.Pool;
  let proc: Proc | undefined;

  beforeAll(async () => {
    cluster = await startPgCluster();
    db = await freshDatabase(cluster);
    sql = new pg.Pool({ connectionString: db });
  });
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await sql?.end();
    await cluster?.stop();
  });

  it('loses and doubles nothing when killed mid-uplink, then exits 0 on SIGTERM', async () => {
    proc = await startProcess(db);
    const pw = /central admin password[^:]*: (\S+)/.exec(proc.stdout)?.[1];
    expect(pw).toBeTruthy();
    const login = await call<{ token: string }>(proc.url, 'POST', '/auth/login', undefined, { username: 'admin', password: pw });
    const key = await registerHall(proc.url, login.body.token, 'h1');
    const port = Number(new URL(proc.url).port);
    const N = 3000;
    const all = plainEvents(1, N);
    const send = (url: string, from: number) =>
      call<UplinkAck>(url, 'POST', '/uplink', key, { hallId: 'h1', epoch: 'epoch-kill-01', events: all.slice(from - 1, from - 1 + 500) });

    // Two batches accepted, the third in flight when the process is killed.
    let next = 1;
    for (let i = 0; i < 2; i++) next = (await send(proc.url, next)).body.ackSeq + 1;
    const inflight = send(proc.url, next).catch(() => null);
    await new Promise((r) => setTimeout(r, 15));
    proc.child.kill('SIGKILL');
    await exitOf(proc.child);
    await inflight;

    // Restarted on the same address: no new admin password, the hall resumes from the central's ack.
    proc = await startProcess(db, port);
    expect(proc.stdout).not.toMatch(/admin password/);
    const hb = await call<UplinkAck>(proc.url, 'POST', '/uplink', key, { hallId: 'h1', epoch: 'epoch-kill-01', events: [] });
    expect(hb.body.ackSeq === 1000 || hb.body.ackSeq === 1500).toBe(true);
    next = hb.body.ackSeq + 1;
    while (next <= N) next = (await send(proc.url, next)).body.ackSeq + 1;
    expect(next).toBe(N + 1);
    const counts = await sql.query(
      'SELECT count(*)::int AS n, count(DISTINCT seq)::int AS d, min(seq)::int AS lo, max(seq)::int AS hi FROM uplink_event',
    );
    expect(counts.rows[0]).toEqual({ n: N, d: N, lo: 1, hi: N });

    proc.child.kill('SIGTERM');
    expect(await exitOf(proc.child)).toBe(0);
    proc = undefined;
  }, 120_000);

  it('takes CENTRAL_ADMIN_PASSWORD on first start', async () => {
    const fresh = await freshDatabase(cluster);
    const p = await startProcess(fresh, 0, { CENTRAL_ADMIN_PASSWORD: ADMIN_PASSWORD });
    try {
      expect(p.stdout).not.toMatch(/admin password/);
      const r = await call(p.url, 'POST', '/auth/login', undefined, { username: 'admin', password: ADMIN_PASSWORD });
      expect(r.status).toBe(200);
      const spec = await call<any>(p.url, 'GET', '/openapi.json');
      expect(spec.body.openapi).toBe('3.1.0');
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/uplink', '/halls', '/halls/{id}/stats', '/city/stats', '/config/latest']),
      );
    } finally {
      p.child.kill('SIGTERM');
      await exitOf(p.child);
    }
  });

  it('refuses to start on a schema newer than it knows', async () => {
    await sql.query("INSERT INTO schema_migration (version, name) VALUES (999, '999_future.sql')");
    await expect(startProcess(db)).rejects.toThrow(/exited 1: the database schema is version 999/);
  });
});
