/**
 * Published configuration on the hall: pull `GET /config/latest` periodically, keep each version received,
 * and deploy the newest at the right moment — at an idle moment (no ticket called or being served), or,
 * for `apply: next-business-date`, on a later business date than the one it arrived on (also idle).
 *
 * Deploying is one command on the hall's command path: the bundle is marked deployed with its
 * `config.applied` audit event in one transaction, then the plan (config-plan.ts) assigns the values.
 * A bundle that fails the contract schema or the plan's checks is refused as a whole: `config.refused` in
 * the audit log, a logged reason and a `config_refused` alert; nothing of it is applied.
 */
import { ConfigBundle, alertText } from '@hall/contract';
import type { UplinkRepository } from '../db/uplink-repository.ts';
import type { SettingRepository } from '../db/setting-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import { ok } from '../hall/actor.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { Logger } from '../log.ts';
import { fetchLatestConfig, type CentralTarget, type FetchLike } from './central-http.ts';
import { planBundle, type LocalOverrides } from './config-plan.ts';
import { backoffMs, realTimers, type Timers } from './timers.ts';

export interface ConfigChannelOptions {
  pollMs?: number;
  requestTimeoutMs?: number;
  timers?: Timers;
  fetch?: FetchLike;
}

export interface ConfigChannelDeps {
  target: CentralTarget;
  hall: HallService;
  repo: UplinkRepository;
  settings: SettingRepository;
  alerts: AlertService;
  log: Logger;
}

export type ConfigOutcome = 'applied' | 'deferred' | 'refused' | 'none';

export class ConfigChannel {
  private readonly o: Required<ConfigChannelOptions>;
  private cancel: (() => void) | null = null;
  private closed = false;
  private failures = 0;
  private lastRefused = '';
  private readonly stop = new AbortController();
  private polling: Promise<ConfigOutcome> | null = null;

  constructor(
    private readonly deps: ConfigChannelDeps,
    opts: ConfigChannelOptions = {},
  ) {
    this.o = { pollMs: 60_000, requestTimeoutMs: 10_000, timers: realTimers, fetch: globalThis.fetch, ...opts };
  }

  /** Re-applies the deployed bundle on start (the configuration file holds only the defaults). */
  start(): void {
    this.reapplyDeployed();
    this.schedule(0);
  }
  async close(): Promise<void> {
    this.closed = true;
    this.cancel?.();
    this.stop.abort();
    await this.polling?.catch(() => undefined);
  }

  versions(): { deployed: number | null; received: number | null } {
    return { deployed: this.deps.repo.deployed()?.version ?? null, received: this.deps.repo.receivedVersion() };
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.cancel?.();
    this.cancel = this.o.timers.set(() => {
      this.cancel = null;
      this.polling = this.poll();
      void this.polling.finally(() =>
        this.schedule(this.failures > 0 ? backoffMs(this.failures, 5_000, this.o.pollMs * 5, Math.random) : this.o.pollMs),
      );
    }, ms);
  }

  /** One pull, then a deploy attempt. Never throws. */
  async poll(): Promise<ConfigOutcome> {
    let raw: unknown;
    try {
      raw = await fetchLatestConfig(this.deps.target, this.o.fetch, this.o.requestTimeoutMs, this.stop.signal);
      this.failures = 0;
    } catch (err) {
      if (this.closed) return 'none';
      this.failures += 1;
      if (this.failures === 1) this.deps.log.warn({ err: (err as Error).message }, 'could not fetch the published configuration');
      return 'none';
    }
    if (this.closed) return 'none';
    if (raw === null) return this.tryDeploy();
    return this.receive(raw);
  }

  /** A bundle as the central sent it: stored once per version, refused as a whole when it does not check. */
  receive(raw: unknown): ConfigOutcome {
    const { hall, repo } = this.deps;
    const parsed = ConfigBundle.safeParse(raw);
    const version = (raw as { version?: unknown } | null)?.version;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason = `invalid bundle: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'schema'}`;
      const where = issue?.path.join('.') || '—';
      this.refuse(
        typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null,
        { code: 'INVALID_BUNDLE', reason, reasonZh: `格式不符合规范（${where}）` },
        raw,
      );
      return 'refused';
    }
    const b = parsed.data;
    const known = repo.bundle(b.version);
    if (!known) {
      const newest = repo.receivedVersion();
      if (newest !== null && b.version < newest) return this.tryDeploy();
      repo.putBundle(b.version, b, hall.now(), hall.today());
      const plan = planBundle(hall.config, b, this.localOverrides());
      if (!plan.ok) {
        this.refuse(b.version, plan, null);
        return 'refused';
      }
    }
    return this.tryDeploy();
  }

  /** Deploys the newest pending bundle if this is the moment for it. */
  tryDeploy(): ConfigOutcome {
    const { hall, repo } = this.deps;
    const pending = repo.pending();
    if (!pending) return 'none';
    const deployed = repo.deployed();
    if (deployed && pending.version <= deployed.version) return 'none';
    const b = ConfigBundle.parse(pending.bundle);
    if (b.apply === 'next-business-date' && hall.today() <= pending.receivedBusinessDate) return 'deferred';
    if (!this.idle()) return 'deferred';
    const plan = planBundle(hall.config, b, this.localOverrides());
    if (!plan.ok) {
      this.refuse(b.version, plan, null);
      return 'refused';
    }
    const r = hall.command((tx) => {
      repo.markDeployed(b.version, tx.now);
      tx.log({
        type: 'config.applied',
        actor: 'system',
        source: 'central',
        data: { version: b.version, apply: b.apply, note: b.note, ...plan.plan.summary },
      });
      return ok(null);
    });
    if (!r.ok) return 'deferred';
    plan.plan.apply();
    this.deps.alerts.clear('config_refused', null);
    this.deps.log.info({ version: b.version, ...plan.plan.summary }, 'published configuration applied');
    return 'applied';
  }

  /** The supervisor changed a local section: the deployed bundle is laid under it again. */
  reapplyDeployed(): void {
    layDeployedBundle(this.deps.hall, this.deps.repo, this.deps.settings, this.deps.log);
  }

  /** No ticket is called or being served at any window. */
  private idle(): boolean {
    const q = this.deps.hall.queries;
    return q.windowRecords().every((w) => {
      const t = q.currentTicketOf(w.id);
      return !t || (t.status !== 'called' && t.status !== 'serving');
    });
  }

  private localOverrides(): LocalOverrides {
    return localOverridesOf(this.deps.settings);
  }

  private refuse(version: number | null, why: { code: string; reason: string; reasonZh: string }, raw: unknown): void {
    const { hall, repo, alerts, log } = this.deps;
    const { code, reason } = why;
    const key = `${version ?? '?'}:${code}`;
    if (key === this.lastRefused) return;
    this.lastRefused = key;
    if (version !== null) {
      if (!repo.bundle(version)) repo.putBundle(version, raw ?? {}, hall.now(), hall.today());
      repo.markRefused(version, `${code}: ${reason}`);
    }
    log.warn({ version, code, reason }, 'published configuration refused');
    hall.command((tx) => {
      tx.log({ type: 'config.refused', actor: 'system', source: 'central', data: { version, reasonCode: code } });
      return ok(null);
    });
    const params = { version: version ?? '?', reason: why.reasonZh, reasonEn: reason };
    alerts.raise('config_refused', 'warning', null, alertText({ message: '', code: 'CONFIG_REFUSED', params }, 'zh'), {
      code: 'CONFIG_REFUSED',
      params,
    });
  }
}

/** The supervisor's own calendar and thresholds, as stored by the supervisor's settings store. */
export function localOverridesOf(settings: SettingRepository): LocalOverrides {
  const cal = settings.get('supervisor.calendar')?.value as { holidays?: unknown; workdays?: unknown } | undefined;
  const thr = settings.get('supervisor.thresholds')?.value as { waitThresholds?: unknown } | undefined;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    calendar: cal ? { holidays: strings(cal.holidays), workdays: strings(cal.workdays) } : null,
    thresholds: thr && thr.waitThresholds && typeof thr.waitThresholds === 'object' ? (thr.waitThresholds as Record<string, number>) : null,
  };
}

/**
 * Lays the deployed bundle (if any) under the running configuration: at start (the file holds only the
 * defaults), and after the supervisor changed a local section. Also when the uplink is off: a hall that
 * left the network keeps the configuration it last deployed.
 */
export function layDeployedBundle(hall: HallService, repo: UplinkRepository, settings: SettingRepository, log: Logger): void {
  const d = repo.deployed();
  if (!d) return;
  const b = ConfigBundle.safeParse(d.bundle);
  const plan = b.success ? planBundle(hall.config, b.data, localOverridesOf(settings)) : null;
  if (plan?.ok) plan.plan.apply();
  else log.warn({ version: d.version }, 'the deployed configuration no longer applies to this hall');
}
