/**
 * The 好差评 extension: wires the rating service into the server (routes, `GET /stats` summariser, the
 * `'ratings'` registry entry for the device agent, the overdue scan on the scheduler, the outbox worker).
 *
 * Outbox sink, from options or the environment:
 * - `HALL_RATINGS_OUTBOX` = `http` | `file` | `off` (default: `http` when a webhook is set, else `off`)
 * - `HALL_RATINGS_WEBHOOK` = URL that receives each record as a JSON POST; `HALL_RATINGS_WEBHOOK_TOKEN` adds
 *   `Authorization: Bearer …`
 * - `HALL_RATINGS_OUTBOX_DIR` = folder for the JSON-lines file drop (default `<dataDir>/outbox`)
 */
import { join } from 'node:path';
import type { ServerExtension } from '../server.ts';
import { createLogger } from '../log.ts';
import { FileSink, HttpSink, OutboxStore, OutboxWorker, type OutboxSink } from './outbox.ts';
import { RatingService, type RatingsRegistry } from './rating-service.ts';
import { registerRatingRoutes } from './routes.ts';

export type OutboxConfig =
  | { kind: 'http'; url: string; token?: string | undefined; timeoutMs?: number }
  | { kind: 'file'; dir?: string | undefined }
  | { kind: 'off' };

export interface RatingsExtensionOptions {
  /** Defaults to the environment (see above). */
  outbox?: OutboxConfig;
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How often (hall clock) the scheduler looks for overdue cases. Default once a minute. */
  overdueScanMs?: number;
}

export function outboxFromEnv(env: NodeJS.ProcessEnv = process.env): OutboxConfig {
  const url = env.HALL_RATINGS_WEBHOOK?.trim();
  const kind = env.HALL_RATINGS_OUTBOX?.trim() || (url ? 'http' : 'off');
  switch (kind) {
    case 'http':
      if (!url) throw new Error('HALL_RATINGS_OUTBOX=http needs HALL_RATINGS_WEBHOOK');
      return { kind: 'http', url, token: env.HALL_RATINGS_WEBHOOK_TOKEN };
    case 'file':
      return { kind: 'file', dir: env.HALL_RATINGS_OUTBOX_DIR };
    case 'off':
      return { kind: 'off' };
    default:
      throw new Error(`HALL_RATINGS_OUTBOX must be http, file or off, got ${kind}`);
  }
}

export interface RatingsExtension extends ServerExtension {
  /** The service, once `setup` has run (tests and other modules in-process). */
  readonly service: RatingService;
  readonly outbox: OutboxStore;
}

export function ratingsExtension(opts: RatingsExtensionOptions = {}): RatingsExtension {
  let service: RatingService | null = null;
  let store: OutboxStore | null = null;
  let worker: OutboxWorker | null = null;
  const ready = <T>(v: T | null): T => {
    if (v === null) throw new Error('ratings extension is not set up yet');
    return v;
  };
  return {
    get service() {
      return ready(service);
    },
    get outbox() {
      return ready(store);
    },

    setup(ctx) {
      const log = createLogger('queue:ratings');
      const config = opts.outbox ?? outboxFromEnv();
      const sink: OutboxSink | null =
        config.kind === 'http'
          ? new HttpSink(config.url, { token: config.token, timeoutMs: config.timeoutMs ?? 10_000 })
          : config.kind === 'file'
            ? new FileSink(config.dir ?? join(ctx.dataDir, 'outbox'))
            : null;
      store = new OutboxStore(ctx.db);
      const outboxStore = store;
      worker = sink ? new OutboxWorker(outboxStore, sink, { ...opts.retry, log }) : null;
      const w = worker;
      const svc = new RatingService({
        db: ctx.db,
        hall: ctx.hall,
        alerts: ctx.alerts,
        clock: ctx.clock,
        config: ctx.config,
        log,
        outbox: outboxStore,
        onOutbox: () => w?.kick(),
      });
      service = svc;

      registerRatingRoutes(ctx.app, svc);
      ctx.setRatingsSummariser((date) => svc.summary(date));
      const registry: RatingsRegistry = {
        rateLastFinished: (windowId, level, reasons, channel, device) => svc.rateLastFinished(windowId, level, reasons, channel, device),
        summaryForStaff: (username, date) => svc.summaryForStaff(username, date),
      };
      ctx.registry.set('ratings', registry);

      const scanMs = opts.overdueScanMs ?? 60_000;
      let lastScan = -Infinity;
      ctx.addTicker(() => {
        const now = ctx.clock.now();
        if (now - lastScan < scanMs) return;
        lastScan = now;
        svc.checkOverdue();
      });
      ctx.addHealth(() => ({ ratingsOutbox: { sink: sink?.kind ?? 'off', ...outboxStore.stats() } }));
      w?.start();
      log.info({ sink: sink?.kind ?? 'off' }, 'ratings ready');
    },

    async close() {
      await worker?.stop();
    },
  };
}
