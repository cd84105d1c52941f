/**
 * `/api/v1/metrics` passes `promtool check metrics` (Debian's prometheus package), and carries the state
 * `/health` shows: printers, device-bus devices, the ratings outbox, the uplink.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolMissing } from '../../scripts/testing/tool-gate.ts';
import { createHallMetrics } from './metrics.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const PROMTOOL = process.env.PROMTOOL_PATH ?? 'promtool';
const hasPromtool = spawnSync(PROMTOOL, ['--version'], { stdio: 'ignore' }).status === 0;

function promtool(text: string): { status: number | null; out: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The value of one sample line, e.g. `hall_printer_up{printer="K1"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.skipIf(toolMissing(`promtool (${PROMTOOL})`, hasPromtool))('metrics under promtool', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({});
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('a running hall scrapes clean, in seconds', async () => {
    const kiosk = await srv.kioskToken();
    expect((await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise', printerId: 'K1' } })).status).toBe(201);
    await srv.api('GET', '/kiosk/printer-status', { token: kiosk });
    const res = await fetch(`${srv.url}/api/v1/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const check = promtool(text);
    expect(check.out).toBe('');
    expect(check.status).toBe(0);
    expect(text).not.toMatch(/_minutes\b/);
    expect(text).toContain('# TYPE hall_estimated_wait_seconds gauge');
    expect(sample(text, 'hall_tickets_waiting{category="enterprise"}')).toBe(1);
    expect(text).toContain('# TYPE hall_nodejs_active_handles gauge');
    expect(text).not.toContain('hall_nodejs_active_handles_total');
    expect(text).toContain('# TYPE hall_ratings_outbox_pending gauge');
    expect(text).toContain('# TYPE hall_http_requests_total counter');
  });

  it('printer, device, outbox and uplink state become series that promtool accepts', async () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    const m = createHallMetrics({
      queueStats: () => [
        { categoryId: 'A', waiting: 3, estimatedWaitMinutes: 12 },
        { categoryId: 'B', waiting: 0, estimatedWaitMinutes: null },
      ],
      windowStatuses: () => ['open', 'open', 'paused'],
      seq: () => 42,
      now: () => now,
      health: () => ({
        printers: ['K1', 'K2'],
        printerStatus: { K1: 'paper-out', K2: 'ok' },
        devices: [
          { device: 'bus1:4', kind: 'windowDisplay', windowId: 'W01', online: true },
          { device: 'bus1:5', kind: 'ratingKeypad', windowId: 'W01', online: false },
        ],
        ratingsOutbox: { sink: 'http', pending: 7, oldestAt: '2026-12-03T09:58:00Z', maxAttempts: 3, lastError: 'ECONNREFUSED' },
      }),
      uplink: () => ({ state: 'behind', lag: { events: 120, seconds: 90 }, lastSuccessAt: now - 5_000 }),
    });
    const text = await m.render();
    expect(promtool(text)).toEqual({ status: 0, out: '' });
    expect(sample(text, 'hall_estimated_wait_seconds{category="A"}')).toBe(720);
    expect(sample(text, 'hall_estimated_wait_seconds{category="B"}')).toBeUndefined();
    expect(sample(text, 'hall_windows{status="open"}')).toBe(2);
    expect(sample(text, 'hall_printer_up{printer="K1"}')).toBe(0);
    expect(sample(text, 'hall_printer_up{printer="K2"}')).toBe(1);
    expect(sample(text, 'hall_printer_status{printer="K1",status="paper-out"}')).toBe(1);
    expect(sample(text, 'hall_printer_status{printer="K1",status="ok"}')).toBe(0);
    expect(sample(text, 'hall_device_up{device="bus1:5",kind="ratingKeypad",window="W01"}')).toBe(0);
    expect(sample(text, 'hall_devices_offline')).toBe(1);
    expect(sample(text, 'hall_ratings_outbox_pending')).toBe(7);
    expect(sample(text, 'hall_ratings_outbox_oldest_age_seconds')).toBe(120);
    expect(sample(text, 'hall_ratings_outbox_failing')).toBe(1);
    expect(sample(text, 'hall_uplink_lag_events')).toBe(120);
    expect(sample(text, 'hall_uplink_last_success_timestamp_seconds')).toBe((now - 5_000) / 1000);
    expect(sample(text, 'hall_uplink_lag_seconds')).toBe(90);
    expect(sample(text, 'hall_uplink_up')).toBe(1);
  });

  it('promtool does flag the old names (the check can fail)', () => {
    const bad = '# HELP hall_estimated_wait_minutes x\n# TYPE hall_estimated_wait_minutes gauge\nhall_estimated_wait_minutes 1\n';
    expect(promtool(bad).status).not.toBe(0);
  });
});
