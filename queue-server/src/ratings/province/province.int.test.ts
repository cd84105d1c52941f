/**
 * The provincial interface against a local fake province (the Sichuan-style endpoint) that drops requests
 * (HTTP 500), delays them, and loses replies after storing (so the hall sends again: duplicates), with a
 * restart of the hall in the middle: in the end the province's view holds every rating exactly once, with
 * the mapped codes, and the 补传 log showed the backlog while it lasted.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The fake province: request n is dropped when n % 3 === 1, stored-then-reply-lost when n % 4 === 2, delayed when n % 5 === 0. */
function fakeProvince() {
  const view = new Map<string, Record<string, unknown>>();
  let requests = 0;
  let stored = 0;
  const body = (req: IncomingMessage) =>
    new Promise<Buffer>((res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => res(Buffer.concat(parts)));
    });
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/hcp/evaluationFileHandler') {
        res.writeHead(404).end();
        return;
      }
      const n = ++requests;
      const raw = await body(req);
      if (n % 5 === 0) await new Promise((r) => setTimeout(r, 150));
      if (n % 3 === 1) {
        res.writeHead(500).end('{"code":"BUSY"}');
        return;
      }
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      const content = JSON.parse(String(form.get('content'))) as Record<string, unknown>;
      stored += 1;
      const key = String(content.busiCode);
      const dup = view.has(key);
      if (!dup) view.set(key, content);
      if (n % 4 === 2) {
        req.socket.destroy(); // stored, but the hall never hears so
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ code: dup ? 'DUPLICATE' : '0' }));
    })();
  });
  return {
    view,
    counts: () => ({ requests, stored }),
    async listen(): Promise<string> {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const a = server.address() as { port: number };
      return `http://127.0.0.1:${a.port}/hcp`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('provincial interface: every rating exactly once in the province, through drops, duplicates and a restart', () => {
  const province = fakeProvince();
  const dataDir = mkdtempSync(join(tmpdir(), 'hall-province-'));
  let url = '';
  let srv: TestServer;
  const start = () =>
    startTestServer({
      printers: new Map(),
      dataDir,
      modules: {
        ratings: { outbox: { kind: 'province', adapter: 'sichuan', url, timeoutMs: 2000 }, retry: { baseDelayMs: 20, maxDelayMs: 200 } },
      },
    });
  const rateSome = async (levels: number[]) => {
    const kiosk = await srv.kioskToken();
    const staff = await srv.login('zhangwei');
    const signIn = await srv.api('POST', '/windows/W01/sign-in', { token: staff, body: {} });
    expect([200, 409]).toContain(signIn.status);
    const numbers: string[] = [];
    for (const level of levels) {
      const t = (await srv.api('POST', '/tickets', { token: kiosk, body: { serviceId: 'company-setup' } })).body.ticket;
      for (const a of ['call-next', 'start', 'finish'])
        expect((await srv.api('POST', `/windows/W01/${a}`, { token: staff })).status).toBe(200);
      const r = await srv.api('POST', '/ratings', { body: { token: t.token, level, ...(level <= 2 ? { reasons: [1] } : {}) } });
      expect(r.status).toBe(201);
      numbers.push(t.number as string);
    }
    return numbers;
  };
  const outbox = async () => (await srv.api('GET', '/ratings/outbox', { token: await srv.login('supervisor') })).body;

  beforeAll(async () => {
    url = await province.listen();
    srv = await start();
  });
  afterAll(async () => {
    await srv?.stop();
    await province.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits in the 补传 log while codes are unmapped, then delivers; survives a restart; the province sees each once', async () => {
    const first = await rateSome([5, 2, 4]);
    // No codes mapped yet: the ratings wait, and the console can see why.
    const waiting = await waitFor(async () => {
      const o = await outbox();
      return o.pending >= 3 && o.lastError ? o : null;
    }, 'a backlog with its error');
    expect(waiting.sink).toBe('province:sichuan');
    expect(waiting.lastError).toMatch(/unmapped/);
    expect(waiting.backlog.some((b: { type: string }) => b.type === 'rating.created')).toBe(true);
    expect(province.view.size).toBe(0);

    const sup = await srv.login('supervisor');
    for (const [kind, localId, code] of [
      ['hall', 'hall', '5101000001'],
      ['service', 'company-setup', '11510100MB0000001X-QY-001'],
      ['staff', 'zhangwei', 'GH0217'],
    ] as const) {
      const r = await srv.api('PUT', '/province/codes', { token: sup, body: { kind, localId, code } });
      expect(r.status, r.text).toBe(200);
    }
    const audit = (await srv.api('GET', '/events?type=province.code_set', { token: sup })).body.events;
    expect(audit).toHaveLength(3);
    // Restart the hall once the first rating is through: the rest are sent by the next run.
    await waitFor(async () => province.view.size >= 1, 'a first delivery');
    await srv.stop();
    srv = await start();
    const second = await rateSome([1, 3, 5, 4, 5]);

    await waitFor(async () => (await outbox()).pending === 0, 'an empty backlog', 20_000);
    const all = [...first, ...second];
    expect(province.view.size).toBe(all.length);
    // Drops and lost replies really happened: the province was asked more often than it has ratings.
    expect(province.counts().requests).toBeGreaterThan(all.length);
    // Request 2 is stored and its reply lost, so at least one rating reached the province twice.
    expect(province.counts().stored).toBeGreaterThan(province.view.size);
    const day = [...province.view.keys()][0]!.split('-')[1];
    for (const [i, n] of all.entries()) {
      const c = province.view.get(`5101000001-${day}-${n}`);
      expect(c, n).toBeDefined();
      expect(c).toMatchObject({
        objCode: 'GH0217',
        deptCode: '5101000001',
        itemCode: '11510100MB0000001X-QY-001',
        score: [5, 2, 4, 1, 3, 5, 4, 5][i],
        evalChannel: '3',
        anonymous: '1',
      });
    }
    expect(province.view.get(`5101000001-${day}-${first[1]}`)).toMatchObject({ evaluationChildren: ['等候太久'], praise: [] });
    const metrics = await (await fetch(`${srv.url}/api/v1/metrics`)).text();
    expect(metrics).toMatch(/^hall_ratings_outbox_pending 0$/m);
  });
});
