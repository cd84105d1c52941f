/**
 * docs/deploy.md followed on this machine: the shell steps (scripts/lan-smoke.sh), then in Chromium a
 * kiosk paired with a code issued by the admin, a hall screen, and the slip's QR opening the phone page,
 * with the server on 127.0.0.2 (its "LAN address") and every client on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolMissing } from '../scripts/testing/tool-gate.ts';
import { hasChromium, hasWebBuild, launchBrowser, newPage, shot } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist/server/main.js');
const hasCurl = spawnSync('curl', ['--version'], { stdio: 'ignore' }).status === 0;
const SERVER_ADDR = '127.0.0.2';

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, SERVER_ADDR, () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

describe.skipIf(
  toolMissing(
    'Chromium, the page build, the server bundle (npm run build) and curl',
    hasChromium && hasWebBuild && existsSync(BUNDLE) && hasCurl,
  ),
)('one hall on a LAN, as docs/deploy.md describes', () => {
  const work = mkdtempSync(join(tmpdir(), 'hall-lan-'));
  let server: ChildProcess | undefined;
  let browser: Browser;
  let base = '';
  beforeAll(async () => {
    const c = JSON.parse(readFileSync(join(ROOT, 'config/demo-hall.json'), 'utf8'));
    const day = [{ open: '00:00', close: '23:59' }];
    Object.assign(c.hours, { weekdays: day, saturday: day, sunday: day, holidays: [], workdays: [], lastTicketMinutesBeforeClose: 0 });
    c.settings.trustLoopbackDevices = false;
    writeFileSync(join(work, 'hall.json'), JSON.stringify(c));
    const port = await freePort();
    base = `http://${SERVER_ADDR}:${port}`;
    server = spawn(
      process.execPath,
      [
        BUNDLE,
        '--host',
        SERVER_ADDR,
        '--port',
        String(port),
        '--public-url',
        base,
        '--data',
        join(work, 'data'),
        '--config',
        join(work, 'hall.json'),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, HALL_ADMIN_PASSWORD: 'lan-admin-password', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((res, rej) => {
      let out = '';
      const t = setTimeout(() => rej(new Error(`no listening line:\n${out}`)), 60_000);
      const on = (b: Buffer) => {
        out += b.toString();
        if (out.includes('listening on')) {
          clearTimeout(t);
          res();
        }
      };
      server!.stdout!.on('data', on);
      server!.stderr!.on('data', on);
    });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('the shell steps pass (scripts/lan-smoke.sh)', () => {
    const r = spawnSync('bash', [join(ROOT, 'scripts/lan-smoke.sh')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/LAN smoke passed: ticket A\d{3}, QR http:\/\/127\.0\.0\.2:\d+\/t\/[A-Za-z0-9_-]+/);
  }, 150_000);

  it('a kiosk pairs with a code, a screen shows the hall, and the slip QR opens the phone page', async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'lan-admin-password' }),
    });
    const admin = ((await login.json()) as { token: string }).token;
    const issued = await fetch(`${base}/api/v1/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ kind: 'kiosk', name: '一楼自助取号机', deviceId: 'KIOSK1' }),
    });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };

    // The kiosk machine opens the kiosk page and is asked for the code once.
    const { context: kioskCtx, page: kiosk } = await newPage(browser, { width: 1080, height: 1920 });
    await kiosk.goto(`${base}/kiosk?kiosk=KIOSK1`);
    await kiosk.locator('[data-testid="screen-pairing"]').waitFor();
    for (const ch of code.toLowerCase()) await kiosk.locator(`[data-testid="key-${ch}"]`).click();
    await kiosk.locator('[data-testid="key-done"]').click();
    await kiosk.locator('[data-testid="screen-home"]').waitFor({ timeout: 20_000 });
    await shot(kiosk, 'lan-kiosk-home');
    const token = await kiosk.evaluate(() => localStorage.getItem('hall.deviceToken.kiosk.KIOSK1'));
    expect(token).toBeTruthy();

    // The paired kiosk issues a ticket on its printer (the virtual one here).
    const t = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ categoryId: 'enterprise', printerId: 'K1' }),
    });
    expect(t.status).toBe(201);
    const number = ((await t.json()) as { ticket: { number: string } }).ticket.number;

    // The hall screen, from the other address: it asks for its own code (docs/deploy.md), then shows the
    // live board. (Without one it used to sit on 正在连接服务器… for ever.)
    const { context: screenCtx, page: screen } = await newPage(browser, { width: 1920, height: 1080 });
    await screen.goto(`${base}/display?voice=off&device=SCREEN1`);
    await screen.locator('[data-testid="display-pairing"]').waitFor();
    const screenCode = await fetch(`${base}/api/v1/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ kind: 'display', name: '大厅综合屏', deviceId: 'SCREEN1' }),
    });
    expect(screenCode.status).toBe(201);
    await screen.locator('[data-testid="display-pair-code"]').fill(((await screenCode.json()) as { code: string }).code);
    await screen.locator('[data-testid="display-pair-submit"]').click();
    await screen.locator('[data-testid="display-screen"][data-ready="true"]').waitFor({ timeout: 20_000 });
    await shot(screen, 'lan-display');

    // The slip: its ESC/POS bytes carry the QR's URL; a phone opens it.
    const dir = join(work, 'data/virtual-printer/K1');
    const slips = readdirSync(dir)
      .filter((f) => f.endsWith('.escpos'))
      .sort();
    const bytes = readFileSync(join(dir, slips[slips.length - 1]!)).toString('latin1');
    const qr = new RegExp(`http://${SERVER_ADDR.replaceAll('.', '\\.')}:\\d+/t/[A-Za-z0-9_-]+`).exec(bytes)?.[0];
    expect(qr).toBeDefined();
    const { context: phoneCtx, page: phone } = await newPage(browser, { width: 390, height: 844 });
    await phone.goto(qr!);
    await phone.getByText(number).first().waitFor({ timeout: 20_000 });
    await shot(phone, 'lan-phone');
    await Promise.all([kioskCtx.close(), screenCtx.close(), phoneCtx.close()]);
  }, 120_000);
});
