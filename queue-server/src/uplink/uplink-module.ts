/**
 * The uplink module (issue 17): this hall's link to its city's central server. Without `--central` it is
 * off and costs nothing. With it, two parts run beside the hall, never inside a command:
 *
 *   uplink-sender   every committed audit-log row, in order, at least once (+ live summary, heartbeat)
 *   config-channel  published configuration: pull, validate, deploy at an idle moment or the next day
 *
 * It gives the server an `uplink` block for `GET /health` and figures for `/metrics`.
 */
import type { HallModule } from '../modules.ts';
import type { Db } from '../db/database.ts';
import { UplinkRepository } from '../db/uplink-repository.ts';
import type { SettingRepository } from '../db/setting-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { AlertService } from '../services/alert-service.ts';
import { createLogger, type Logger } from '../log.ts';
import type { CentralTarget } from './central-http.ts';
import { ConfigChannel, layDeployedBundle, type ConfigChannelOptions } from './config-channel.ts';
import { buildLive } from './live-summary.ts';
import { UplinkSender, type UplinkSenderOptions, type UplinkStatus } from './uplink-sender.ts';

export type { CentralTarget } from './central-http.ts';
export type { UplinkStatus } from './uplink-sender.ts';

export interface UplinkOptions {
  sender?: UplinkSenderOptions;
  config?: ConfigChannelOptions;
}

export interface UplinkModuleDeps {
  db: Db;
  hall: HallService;
  alerts: AlertService;
  settings: SettingRepository;
  /** The central server; undefined leaves the uplink off. */
  central: CentralTarget | undefined;
  /** Subscribes to the supervisor's local setting changes (calendar, thresholds). */
  onLocalSettingsChanged?: (cb: () => void) => void;
  log?: Logger;
}

export interface UplinkModule extends HallModule {
  readonly sender: UplinkSender | null;
  readonly configs: ConfigChannel | null;
  status(): UplinkStatus;
}

export function uplinkModule(deps: UplinkModuleDeps, opts: UplinkOptions = {}): UplinkModule {
  const { hall, central } = deps;
  if (!central) {
    const off = (): UplinkStatus => {
      const lastSeq = hall.queries.lastAuditId();
      return {
        state: 'off',
        epoch: null,
        ackSeq: 0,
        lastSeq,
        lag: { events: 0, seconds: 0 },
        lastError: null,
        lastErrorAt: null,
        lastSuccessAt: null,
        failures: 0,
      };
    };
    const repo = new UplinkRepository(deps.db);
    const log = deps.log ?? createLogger('queue:uplink');
    const lay = () => layDeployedBundle(hall, repo, deps.settings, log);
    deps.onLocalSettingsChanged?.(lay);
    return { sender: null, configs: null, status: off, start: lay, health: () => ({ uplink: healthOf(off(), hall) }) };
  }
  const log = deps.log ?? createLogger('queue:uplink');
  const repo = new UplinkRepository(deps.db);
  const configs = new ConfigChannel({ target: central, hall, repo, settings: deps.settings, alerts: deps.alerts, log }, opts.config);
  const sender = new UplinkSender(
    {
      target: central,
      now: () => hall.now(),
      events: hall.queries,
      repo,
      live: () => buildLive(hall, deps.alerts, configs.versions()),
      log,
    },
    opts.sender,
  );
  // After every commit: wake the sender (it reads the log itself, later), and deploy a waiting bundle
  // once the hall is idle. Both are cheap and never throw into the publisher.
  let unsubscribe: (() => void) | null = null;
  deps.onLocalSettingsChanged?.(() => configs.reapplyDeployed());
  return {
    sender,
    configs,
    status: () => sender.status(),
    start() {
      unsubscribe = hall.onBatch(() => {
        sender.kick();
      });
      sender.start();
      configs.start();
    },
    tick() {
      try {
        configs.tryDeploy();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'deploying the published configuration failed');
      }
    },
    health: () => ({ uplink: { ...healthOf(sender.status(), hall), config: configs.versions() } }),
    async close() {
      unsubscribe?.();
      await Promise.all([sender.close(), configs.close()]);
    },
  };
}

function healthOf(s: UplinkStatus, hall: HallService) {
  return {
    state: s.state,
    ackSeq: s.ackSeq,
    lastSeq: s.lastSeq,
    lag: s.lag,
    lastError: s.lastError,
    lastSuccessAt: s.lastSuccessAt === null ? null : hall.iso(s.lastSuccessAt),
  };
}
