/**
 * The supervisor module as a server extension: runtime hall settings, the supervisor's alert rules, the
 * allocation runner (advisory / automatic 窗口动态调整) and reports with CSV/XLSX exports.
 *
 * Time: everything runs off the scheduler's ticks (`ctx.addTicker`) and the injected clock, never its own
 * timers, so tests drive it with `manualClock` and `hall.tick()`-style ticks. Alert rules re-run when the
 * hall changed since the last run, and at least every 10 s of clock time (waits grow without events); the
 * allocator runs every 30 s of clock time.
 */
import { localMinuteOfDay } from '@hall/contract';
import type { ExtensionContext, ServerExtension } from '../server.ts';
import { AccountRepository } from '../db/account-repository.ts';
import { createLogger } from '../log.ts';
import { SettingsStore, isOpenAt } from './settings-store.ts';
import { AllocationRunner } from './allocation-runner.ts';
import { evaluateAlertRules } from './alert-rules.ts';
import { registerSupervisorRoutes } from './routes.ts';

export interface SupervisorExtensionOptions {
  /** Allocator period in clock ms (default 30 s). */
  allocationIntervalMs?: number;
  /** Longest gap between two alert-rule runs in clock ms (default 10 s). */
  alertIntervalMs?: number;
}

export interface SupervisorModule {
  settings: SettingsStore;
  runner: AllocationRunner;
  evaluateAlerts(): void;
}

/** The extension, with a handle on its parts once set up (tests drive the rules and the runner directly). */
export interface SupervisorExtension extends ServerExtension {
  readonly module: SupervisorModule | null;
}

export function supervisorExtension(opts: SupervisorExtensionOptions = {}): SupervisorExtension {
  let unsubscribe: (() => void) | null = null;
  let module: SupervisorModule | null = null;
  return {
    get module() {
      return module;
    },
    setup(ctx: ExtensionContext) {
      const log = createLogger('queue:supervisor');
      const { hall, alerts } = ctx;
      const accounts = new AccountRepository(ctx.db);
      const settings = new SettingsStore(ctx.db, hall);
      const runner = new AllocationRunner({ hall, alerts, accounts, log, intervalMs: opts.allocationIntervalMs ?? 30_000 });

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
          windows: hall.windows
            .all()
            .filter((w) => hall.windowConfigs.has(w.id))
            .map((w) => ({
              id: w.id,
              name: hall.windowConfigs.get(w.id)?.name ?? w.id,
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
        for (const r of decision.raise) alerts.raise(r.kind, r.severity, r.subject, r.message);
      };

      unsubscribe = hall.onBatch(() => {
        dirty = true;
      });
      settings.onChange((section) => {
        if (section === 'thresholds') dirty = true;
      });
      ctx.addTicker(() => {
        try {
          const now = hall.now();
          if (dirty || now - lastAlertRun >= (opts.alertIntervalMs ?? 10_000)) evaluateAlerts();
        } catch (err) {
          log.error({ err: (err as Error).message }, 'alert rules failed');
        }
        try {
          runner.tick();
        } catch (err) {
          log.error({ err: (err as Error).message }, 'allocation runner failed');
        }
      });

      registerSupervisorRoutes(ctx.app, { hall, alerts, accounts, db: ctx.db, settings, runner, evaluateAlerts });
      module = { settings, runner, evaluateAlerts };
      ctx.registry.set('supervisor', module);
      ctx.addHealth(() => ({ allocationMode: hall.config.settings.allocationMode }));
    },
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
