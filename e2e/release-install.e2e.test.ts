/**
 * The production install of docs/deploy.md: a release folder (scripts/make-release.mjs) installed with
 * `npm ci --omit=dev` runs the server, a backup and a restore with no dev dependency present.
 *
 * Here npm works offline from its cache (`--offline`) and skips install scripts: the one native build
 * step (better-sqlite3 fetching or compiling its binary) is replaced by copying the binary this checkout
 * already built for the same Node. Everything else is what a hall does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const built = ['dist/server/main.js', 'dist/server/backup.js', 'dist/server/restore.js', 'dist/web/kiosk/index.html'].every((f) =>
  existsSync(join(ROOT, f)),
);

/** The demo hall with all-day hours (so the test does not depend on the hour it runs at). */
function allDayConfig(dir: string): string {
  const c = JSON.parse(readFileSync(join(dir, 'config/demo-hall.json'), 'utf8')) as { hours: Record<string, unknown> };
  const day = [{ open: '00:00', close: '23:59' }];
  c.hours = { ...c.hours, weekdays: day, saturday: day, sunday: day, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0 };
  const file = join(dir, 'config/all-day.json');
  writeFileSync(file, JSON.stringify(c));
  return file;
}

function startServer(dir: string, data: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/server/main.js', '--port', '0', '--data', data, '--config', allDayConfig(dir)], {
    cwd: dir,
    env: { ...process.env, HALL_ADMIN_PASSWORD: 'release-admin-password', LOG_LEVEL: 'warn', NODE_PATH: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`no listening line:\n${out}`)), 30_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        res({ child, url: m[1] });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => rej(new Error(`server exited ${code}:\n${out}`)));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  child.kill('SIGTERM');
  return exited;
}

describe.skipIf(toolMissing('the built bundles and pages (npm run build)', built))('a release installed with npm ci --omit=dev', () => {
  const work = mkdtempSync(join(tmpdir(), 'hall-release-'));
  let dir = '';
  beforeAll(() => {
    const r = spawnSync(process.execPath, ['scripts/make-release.mjs', '--no-build', '--lock', '--out', work], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    dir = join(work, readdirSync(work)[0]!);
    const ci = spawnSync('npm', ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(ci.status, ci.stderr).toBe(0);
    cpSync(
      join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
      join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    );
  }, 180_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('holds only runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: unknown;
    };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['better-sqlite3', 'exceljs', 'node-hid', 'pino', 'serialport']);
    expect(pkg.devDependencies).toBeUndefined();
    for (const dev of ['vite', 'tsx', 'typescript', 'esbuild', 'vitest', 'electron', 'react'])
      expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(dir, 'node_modules/@hall'))).toBe(false);
  });

  it('runs the server, then a backup, then a restore into a new data folder that the server opens', async () => {
    const data = join(work, 'data');
    const first = await startServer(dir, data);
    let ticketNumber = '';
    try {
      expect(((await (await fetch(`${first.url}/api/v1/health`)).json()) as { ok: boolean }).ok).toBe(true);
      expect((await fetch(`${first.url}/kiosk`)).status).toBe(200);
      const pair = await fetch(`${first.url}/api/v1/devices/pair-local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'kiosk', deviceId: 'K1', name: 'K1' }),
      });
      expect(pair.status).toBeLessThan(300);
      const { token } = (await pair.json()) as { token: string };
      const issue = await fetch(`${first.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ categoryId: 'enterprise' }),
      });
      const body = (await issue.json()) as { ticket?: { number: string } };
      expect(issue.status, JSON.stringify(body)).toBe(201);
      ticketNumber = body.ticket!.number;

      const backup = spawnSync('npm', ['run', '-s', 'backup', '--', '--data', data, '--out', join(work, 'hall.bak')], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(backup.status, backup.stderr).toBe(0);
      expect(backup.stdout).toContain('backup written to');
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    const restored = join(work, 'restored');
    const restore = spawnSync('npm', ['run', '-s', 'restore', '--', '--data', restored, '--from', join(work, 'hall.bak')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/restored 1 tickets/);
    const second = await startServer(dir, restored);
    try {
      const health = (await (await fetch(`${second.url}/api/v1/health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      expect(ticketNumber).not.toBe('');
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 120_000);
});
