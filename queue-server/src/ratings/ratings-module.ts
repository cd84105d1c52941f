/**
 * The 好差评 module: the rating service with its routes, the overdue scan on the scheduler and the outbox
 * worker. The server hands `service` to the modules that need it (devices, counter, reports, /stats).
 *
 * Outbox sink, from options or the environment:
 * - `HALL_RATINGS_OUTBOX` = `http` | `file` | `off` (default: `http` when a webhook is set, else `off`)
 * - `HALL_RATINGS_WEBHOOK` = URL that receives each record as a JSON POST; `HALL_RATINGS_WEBHOOK_TOKEN` adds
 *   `Authorization: Bearer …`
 * - `HALL_RATINGS_OUTBOX_DIR` = folder for the JSON-lines file drop (default `<dataDir>/outbox`)
 */
import { join } from 'node:path';
import type { HallConfig } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { HallModule } from '../modules.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { Clock } from '../services/clock.ts';
import { createLogger } from '../log.ts';
import { FileSink, HttpSink, OutboxStore, OutboxWorker, type OutboxSink } from './outbox.ts';
import { RatingService } from './rating-service.ts';
import { registerRatingRoutes } from './routes.ts';
import { ProvinceCodeRepository } from './province/province-codes.ts';
import { ProvinceSink } from './province/province-sink.ts';
import { SichuanAdapter } from './province/sichuan-adapter.ts';
import { registerProvinceRoutes } from './province/province-routes.ts';
import { DEFAULT_KIOSK_LIMITS, type KioskGuardLimits } from './kiosk-guard.ts';

export type OutboxConfig =
  | { kind: 'http'; url: string; token?: string | undefined; timeoutMs?: number }
  /** A provincial 好差评 platform through its adapter (province/): `sichuan` is the reference one. */
  | { kind: 'province'; adapter: 'sichuan'; url: string; token?: string | undefined; timeoutMs?: number }
  | { kind: 'file'; dir?: string | undefined }
  | { kind: 'off' };

export interface RatingsOptions {
  /** Defaults to the environment (see above). */
  outbox?: OutboxConfig;
  retry?: { baseDelayMs?: number; maxDelayMs?: number };
  /** How often (hall clock) the scheduler looks for overdue cases. Default once a minute. */
  overdueScanMs?: number;
  /** Kiosk rating limits (kiosk-guard.ts); defaults in DEFAULT_KIOSK_LIMITS. */
  kioskLimits?: Partial<KioskGuardLimits>;
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
    case 'province': {
      const base = env.HALL_PROVINCE_URL?.trim();
      if (!base) throw new Error('HALL_RATINGS_OUTBOX=province needs HALL_PROVINCE_URL');
      const adapter = env.HALL_PROVINCE_ADAPTER?.trim() || 'sichuan';
      if (adapter !== 'sichuan') throw new Error(`HALL_PROVINCE_ADAPTER must be sichuan, got ${adapter}`);
      return { kind: 'province', adapter, url: base, token: env.HALL_PROVINCE_TOKEN };
    }
    case 'off':
      return { kind: 'off' };
    default:
      throw new Error(`HALL_RATINGS_OUTBOX must be http, file or off, got ${kind}`);
  }
}

export interface RatingsModuleDeps {
  db: Db;
  hall: HallService;
  alerts: AlertService;
  clock: Clock;
  config: HallConfig;
  dataDir: string;
  /** The hall's secret for the slips' 评价校验码 (kept across restarts by the server). */
  checkSecret: string;
}

export interface RatingsModule extends HallModule {
  readonly service: RatingService;
  readonly outbox: OutboxStore;
}

export function ratingsModule(deps: RatingsModuleDeps, opts: RatingsOptions = {}): RatingsModule {
  const log = createLogger('queue:ratings');
  const config = opts.outbox ?? outboxFromEnv();
  const codes = new ProvinceCodeRepository(deps.db);
  const sink: OutboxSink | null =
    config.kind === 'http'
      ? new HttpSink(config.url, { token: config.token, timeoutMs: config.timeoutMs ?? 10_000 })
      : config.kind === 'province'
        ? new ProvinceSink(new SichuanAdapter(config.url, { token: config.token, timeoutMs: config.timeoutMs ?? 10_000 }), codes)
        : config.kind === 'file'
          ? new FileSink(config.dir ?? join(deps.dataDir, 'outbox'))
          : null;
  const outbox = new OutboxStore(deps.db);
  const worker = sink ? new OutboxWorker(outbox, sink, { ...opts.retry, log }) : null;
  const service = new RatingService({
    db: deps.db,
    hall: deps.hall,
    alerts: deps.alerts,
    clock: deps.clock,
    config: deps.config,
    log,
    outbox,
    onOutbox: () => worker?.kick(),
    checkSecret: deps.checkSecret,
    kioskLimits: { ...DEFAULT_KIOSK_LIMITS, ...opts.kioskLimits },
  });
  const scanMs = opts.overdueScanMs ?? 60_000;
  let lastScan = -Infinity;
  return {
    service,
    outbox,
    register(app) {
      registerRatingRoutes(app, service);
      registerProvinceRoutes(app, {
        codes,
        outbox,
        sink: () => sink?.kind ?? 'off',
        hall: deps.hall,
      });
    },
    start() {
      worker?.start();
      log.info({ sink: sink?.kind ?? 'off' }, 'ratings ready');
    },
    tick() {
      const now = deps.clock.now();
      if (now - lastScan < scanMs && now >= lastScan) return;
      lastScan = now;
      service.checkOverdue();
      service.checkCalendar();
    },
    health: () => ({ ratingsOutbox: { sink: sink?.kind ?? 'off', ...outbox.stats() } }),
    async close() {
      await worker?.stop();
    },
  };
}
