/**
 * `npm start` runs the bundled server (dist/server/main.js, built by `npm run build`). This starts that
 * bundle exactly as `npm start` does and checks the whole spec'd start-up contract.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toolMissing } from '../scripts/testing/tool-gate.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist/server/main.js');

describe.skipIf(toolMissing(`the production bundle ${BUNDLE} (npm run build)`, existsSync(BUNDLE)))(
  'the production bundle (run `npm run build` first)',
  () => {
    it('prints the listening line, serves health, the hall and the pages, and exits 0 on SIGTERM', async () => {
      const data = mkdtempSync(join(tmpdir(), 'hall-bundle-'));
      const child = spawn(process.execPath, [BUNDLE, '--port', '0', '--data', data], {
        cwd: ROOT,
        env: { ...process.env, HALL_ADMIN_PASSWORD: 'bundle-admin-password', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await new Promise<string>((res, rej) => {
          let out = '';
          const t = setTimeout(() => rej(new Error(`no listening line:\n${out}`)), 30_000);
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
            if (m?.[1]) {
              clearTimeout(t);
              res(m[1]);
            }
          });
          child.stderr.on('data', (c: Buffer) => {
            out += c.toString();
          });
        });
        expect(url).not.toMatch(/:0$/);
        expect(((await (await fetch(`${url}/api/v1/health`)).json()) as { ok: boolean }).ok).toBe(true);
        const hall = (await (await fetch(`${url}/api/v1/hall`)).json()) as {
          categories: unknown[];
          services: unknown[];
          windows: unknown[];
        };
        expect(hall.categories).toHaveLength(8);
        expect(hall.windows).toHaveLength(16);
        for (const page of ['/kiosk', '/display', '/counter', '/supervisor']) expect((await fetch(`${url}${page}`)).status).toBe(200);
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'bundle-admin-password' }),
        });
        expect(login.status).toBe(200);
        const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        rmSync(data, { recursive: true, force: true });
      }
    });
  },
);
