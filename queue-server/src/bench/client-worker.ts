/**
 * A benchmark client process. Roles:
 * - `display`: opens N display sockets and reports, per call (by ticket id or relay id), when the LAST of
 *   its sockets received it (wall clock, ms with sub-ms precision).
 * - `counter`: drives call-next over REST for windows round-robin, one call at a time, reporting send times
 *   (each called ticket is then started, untimed, so the window's next call finishes it).
 * - `kiosk`: issues tickets over REST at a fixed total rate from N clients, reporting request→reply times.
 * Commands go over REST, as every client's do; the sockets only listen (the hall stream is read-only).
 * Results go to the parent through IPC.
 */
import { io, type Socket } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
const [role, url, countArg, extra] = process.argv.slice(2);
const count = Number(countArg);
const token = process.env.BENCH_TOKEN ?? '';
const relay = process.env.BENCH_RELAY === '1';

async function rest(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

function connect(nsp: string, auth: Record<string, string>): Promise<Socket> {
  const s = io(`${url}${nsp}`, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
  return new Promise((res, rej) => {
    s.once('connect', () => res(s));
    s.once('connect_error', rej);
  });
}

async function display(): Promise<void> {
  const sockets = await Promise.all(Array.from({ length: count }, () => connect('/display', {})));
  const seen = new Map<string, { n: number; last: number }>();
  const mark = (key: string) => {
    const t = now();
    const e = seen.get(key) ?? { n: 0, last: 0 };
    e.n += 1;
    e.last = t;
    seen.set(key, e);
  };
  for (const s of sockets) {
    if (relay) s.on('relayed', (m: { id: string }) => mark(m.id));
    else
      s.on('hall:changed', (b: { events: Array<{ type: string; call?: { ticketId: string } }> }) => {
        for (const e of b.events) if (e.type === 'call' && e.call) mark(e.call.ticketId);
      });
  }
  process.send?.({ type: 'ready' });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'report') return;
    const out: Record<string, number> = {};
    for (const [k, v] of seen) if (v.n === sockets.length) out[k] = v.last;
    process.send?.({ type: 'report', received: out, incomplete: [...seen.values()].filter((v) => v.n !== sockets.length).length });
  });
}

async function counter(): Promise<void> {
  const windows = Number(extra);
  const s = relay ? await connect('/counter', {}) : null;
  process.send?.({ type: 'ready' });
  process.on('message', async (m: { type: string }) => {
    if (m.type !== 'go') return;
    const sent: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      const t0 = now();
      if (s) {
        await s.emitWithAck('relay', { id: `r${i}` });
        sent[`r${i}`] = t0;
      } else {
        const windowId = `W${String((i % windows) + 1).padStart(3, '0')}`;
        const r = (await rest(`/windows/${windowId}/call-next`, {})) as { status: number; body: { ticket?: { id: string } } | null };
        const id = r.body?.ticket?.id;
        if (r.status === 200 && id) {
          sent[id] = t0;
          await rest(`/windows/${windowId}/start`, {});
        }
      }
      // A gap between calls so each call is measured on its own, not behind a queue of others.
      await new Promise((res) => setTimeout(res, 2));
    }
    process.send?.({ type: 'done', sent });
  });
}

async function kiosk(): Promise<void> {
  const [ratePerSec, total, categories] = (extra ?? '').split(':');
  const cats = (categories ?? '').split(',');
  process.send?.({ type: 'ready' });
  process.on('message', async (m: { type: string; mode?: string }) => {
    if (m.type !== 'go') return;
    const latencies: number[] = [];
    if (m.mode === 'durable') {
      // Back-to-back from one client: each issue is answered only after its commit.
      const start = now();
      let n = 0;
      while (now() - start < Number(total) * 1000) {
        const r = await rest('/tickets', { categoryId: cats[n % cats.length] });
        if (r.status === 201) n += 1;
      }
      process.send?.({ type: 'done', perSec: n / ((now() - start) / 1000) });
      return;
    }
    const interval = 1000 / Number(ratePerSec);
    const pending: Promise<void>[] = [];
    const start = now();
    for (let i = 0; i < Number(total); i++) {
      const due = start + i * interval;
      const wait = due - now();
      if (wait > 0) await new Promise((res) => setTimeout(res, wait));
      const t0 = now();
      pending.push(
        rest('/tickets', { categoryId: cats[i % cats.length] }).then((r) => {
          if (r.status === 201) latencies.push(now() - t0);
        }),
      );
    }
    await Promise.all(pending);
    process.send?.({ type: 'done', latencies });
  });
}

const run = role === 'display' ? display : role === 'counter' ? counter : kiosk;
run().catch((err: unknown) => {
  process.stderr.write(`bench worker ${role} failed: ${(err as Error).message}\n`);
  process.exit(1);
});
