/**
 * The supervisor module: runtime hall settings, the supervisor's alert rules, the
 * allocation runner (advisory / automatic 窗口动态调整) and reports with CSV/XLSX exports.
 *
 * Time: everything runs off the scheduler's ticks (`ctx.addTicker`) and the injected clock, never its own
 * timers, so tests drive it with `manualClock` and `hall.tick()`-style ticks. Alert rules re-run when the
 * hall changed since the last run, and at least every 10 s of clock time (waits grow without events); the
 * allocator runs every 30 s of clock time.
 */
import { localMinuteOfDay } from '@hall/contract';
import type { HallModule } from '../modules.ts';
import type { AccountRepository } from '../db/account-repository.ts';
import type { SettingRepository } from '../db/setting-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { AppointmentService } from '../services/appointment-service.ts';
import type { RatingService } from '../ratings/rating-service.ts';
import { createLogger } from '../log.ts';
import { SettingsStore, isOpenAt } from './settings-store.ts';
import { AllocationRunner } from './allocation-runner.ts';
import { evaluateAlertRules } from './alert-rules.ts';
import { registerSupervisorRoutes } from './routes.ts';
import { registerWhatIfRoutes } from './what-if-routes.ts';

export interface SupervisorOptions {
  /** Allocator period in clock ms (default 30 s). */
  allocationIntervalMs?: number;
  /** Longest gap between two alert-rule runs in clock ms (default 10 s). */
  alertIntervalMs?: number;
}

export interface SupervisorModuleDeps {
  hall: HallService;
  alerts: AlertService;
  accounts: AccountRepository;
  settings: SettingRepository;
  appointments: AppointmentService;
  ratings: RatingService;
}

/** The module, with a handle on its parts (tests drive the rules and the runner directly). */
export interface SupervisorModule extends HallModule {
  readonly settings: SettingsStore;
  readonly runner: AllocationRunner;
  evaluateAlerts(): void;
}

export function supervisorModule(deps: SupervisorModuleDeps, opts: SupervisorOptions = {}): SupervisorModule {
  const log = createLogger('queue:supervisor');
  const { hall, alerts, accounts } = deps;
  const settings = new SettingsStore(deps.settings, hall);
  const runner = new AllocationRunner({ hall, alerts, log, intervalMs: opts.allocationIntervalMs ?? 30_000 });

  let dirty = true;
  let lastAlertRun = -Infinity;
  const evaluateAlerts = () => {
    const now = hall.now();
    lastAlertRun = now;
    dirty = false;
    const today = hall.today();
    const decision = evaluateAlertRules({
      now,
      queues: hall.queueStats(),
      categories: hall.config.categories,
      windows: hall.queries.windowRecords().map((w) => ({
        id: w.id,
        name: hall.windowConfigs.get(w.id)?.name ?? w.id,
        number: hall.windowConfigs.get(w.id)?.number ?? 0,
        status: w.status,
        pausedAt: w.pausedAt,
        pauseReason: w.pauseReason,
        staffName: w.staffUsername ? (accounts.byUsername(w.staffUsername)?.displayName ?? w.staffUsername) : null,
      })),
      longPauseMinutes: hall.config.settings.longPauseMinutes,
      hallOpen: isOpenAt(hall.config.hours, today, localMinuteOfDay(now, hall.timeZone)),
      storageHealthy: hall.isStorageHealthy(),
    });
    for (const c of decision.clear) alerts.clear(c.kind, c.subject);
    for (const r of decision.raise) alerts.raise(r.kind, r.severity, r.subject, r.message, r.text);
  };
  const unsubscribe = hall.onBatch(() => {
    dirty = true;
  });
  settings.onChange((section) => {
    if (section === 'thresholds') dirty = true;
  });

  return {
    settings,
    runner,
    evaluateAlerts,
    register(app) {
      registerSupervisorRoutes(app, {
        hall,
        alerts,
        accounts,
        appointments: deps.appointments,
        ratings: deps.ratings,
        settings,
        runner,
        evaluateAlerts,
      });
      registerWhatIfRoutes(app, hall, accounts);
    },
    tick() {
      try {
        const now = hall.now();
        if (dirty || now - lastAlertRun >= (opts.alertIntervalMs ?? 10_000) || now < lastAlertRun) evaluateAlerts();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'alert rules failed');
      }
      try {
        runner.tick();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'allocation runner failed');
      }
    },
    health: () => ({ allocationMode: hall.config.settings.allocationMode }),
    close() {
      unsubscribe();
    },
  };
}
