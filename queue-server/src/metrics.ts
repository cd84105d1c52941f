/**
 * `/api/v1/metrics`: Prometheus text, in base units with conventional names (seconds, `_total` only on
 * counters), so `promtool check metrics` is clean. Besides the queue figures, the state that `/health`
 * reports is here too, for alerting: printers, device-bus devices, the ratings outbox and (when a module
 * reports one) the uplink to the central server. The names are listed in docs/deploy.md ("Monitoring").
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { PRINTER_STATUSES } from '@hall/printer';

/** What the metrics read, at scrape time. */
export interface MetricSources {
  queueStats(): Iterable<{ categoryId: string; waiting: number; estimatedWaitMinutes: number | null }>;
  windowStatuses(): Iterable<'open' | 'paused' | 'closed'>;
  seq(): number;
  /** The merged `/health` fields of the modules (printerStatus, devices, ratingsOutbox, uplink, …). */
  health(): Record<string, unknown>;
  /** The uplink to the central server (state `off` when the hall has none). */
  uplink(): { state: string; lag: { events: number; seconds: number }; lastSuccessAt: number | null };
  now(): number;
}

export interface HallMetrics {
  registry: Registry;
  httpRequests: Counter<'class'>;
  /** The exposition text, figures refreshed from the sources. */
  render(): Promise<string>;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function createHallMetrics(src: MetricSources): HallMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hall_' });
  // prom-client adds three gauges named `*_total` (the totals of `hall_nodejs_active_handles` etc., which
  // it also exports by type); Prometheus keeps that suffix for counters, so the duplicates go.
  for (const n of ['active_handles', 'active_requests', 'active_resources']) registry.removeSingleMetric(`hall_nodejs_${n}_total`);

  const g = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });
  const waiting = g('hall_tickets_waiting', 'Tickets waiting, by category', ['category']);
  const estWait = g('hall_estimated_wait_seconds', 'Estimated wait for a new ticket, by category (absent when there is no honest figure)', [
    'category',
  ]);
  const windows = g('hall_windows', 'Windows by status', ['status']);
  const seq = g('hall_stream_seq', 'Hall stream sequence number');
  const printerUp = g('hall_printer_up', '1 when the printer can print (status ok or paper-near-end), else 0', ['printer']);
  const printerStatus = g('hall_printer_status', 'The printer status as a state set: 1 for the current status', ['printer', 'status']);
  const deviceUp = g('hall_device_up', '1 when a device-bus or HID device answers, else 0', ['device', 'kind', 'window']);
  const devicesOffline = g('hall_devices_offline', 'Device-bus and HID devices not answering');
  const outboxPending = g('hall_ratings_outbox_pending', 'Ratings waiting to be sent to the 好差评 platform');
  const outboxAge = g('hall_ratings_outbox_oldest_age_seconds', 'Age of the oldest unsent rating (0 when none)');
  const outboxAttempts = g('hall_ratings_outbox_max_attempts', 'Most send attempts of any unsent rating');
  const outboxFailing = g('hall_ratings_outbox_failing', '1 when the last send to the 好差评 platform failed, else 0');
  const uplinkLagEvents = g('hall_uplink_lag_events', 'Committed events the central server has not acknowledged');
  const uplinkLag = g('hall_uplink_lag_seconds', 'Age of the oldest event not yet acknowledged by the central server');
  const uplinkUp = g('hall_uplink_up', '1 when the hall uplinks and its last request to the central server succeeded, else 0');
  const uplinkSuccess = g(
    'hall_uplink_last_success_timestamp_seconds',
    'When the central last acknowledged a batch (Unix seconds; 0 never)',
  );
  const httpRequests = new Counter({
    name: 'hall_http_requests_total',
    help: 'HTTP requests by status class',
    labelNames: ['class'],
    registers: [registry],
  });

  async function render(): Promise<string> {
    waiting.reset();
    estWait.reset();
    for (const q of src.queueStats()) {
      waiting.set({ category: q.categoryId }, q.waiting);
      if (q.estimatedWaitMinutes !== null) estWait.set({ category: q.categoryId }, q.estimatedWaitMinutes * 60);
    }
    const counts = { open: 0, paused: 0, closed: 0 };
    for (const s of src.windowStatuses()) counts[s] += 1;
    for (const [status, n] of Object.entries(counts)) windows.set({ status }, n);
    seq.set(src.seq());

    const h = src.health();
    const printers = (h.printerStatus ?? {}) as Record<string, string>;
    for (const id of (h.printers ?? Object.keys(printers)) as string[]) {
      const status = printers[id];
      if (status === undefined) continue;
      printerUp.set({ printer: id }, status === 'ok' || status === 'paper-near-end' ? 1 : 0);
      for (const s of PRINTER_STATUSES) printerStatus.set({ printer: id, status: s }, s === status ? 1 : 0);
    }
    deviceUp.reset();
    let offline = 0;
    for (const d of (h.devices ?? []) as { device: string; kind: string; windowId: string | null; online: boolean }[]) {
      deviceUp.set({ device: d.device, kind: d.kind, window: d.windowId ?? '' }, d.online ? 1 : 0);
      if (!d.online) offline += 1;
    }
    devicesOffline.set(offline);
    const ob = h.ratingsOutbox as Record<string, unknown> | undefined;
    if (ob) {
      outboxPending.set(num(ob.pending) ?? 0);
      const oldest = typeof ob.oldestAt === 'string' ? Date.parse(ob.oldestAt) : num(ob.oldestAt);
      outboxAge.set(oldest !== undefined && Number.isFinite(oldest) ? Math.max(0, (src.now() - oldest) / 1000) : 0);
      outboxAttempts.set(num(ob.maxAttempts) ?? 0);
      outboxFailing.set(ob.lastError ? 1 : 0);
    }
    const up = src.uplink();
    uplinkLagEvents.set(up.lag.events);
    uplinkLag.set(up.lag.seconds);
    uplinkUp.set(up.state === 'ok' || up.state === 'behind' ? 1 : 0);
    uplinkSuccess.set(up.lastSuccessAt === null ? 0 : up.lastSuccessAt / 1000);
    return registry.metrics();
  }
  return { registry, httpRequests, render };
}
