/**
 * The allocation runner (窗口动态调整, server side). About every 30 s it turns the live hall into an
 * `AllocatorInput`, asks the pure allocator (`core/allocator.ts`) for changes, and then, per
 * `settings.allocationMode`:
 * - `off`: nothing (open proposals and their alerts are withdrawn);
 * - `advisory`: publishes the proposals (`GET /api/v1/allocation/proposals`) and raises one
 *   `allocation_proposal` alert per window; a supervisor applies one with a click;
 * - `automatic`: applies them through `hall.setAllocation` as the `system` actor, with the allocator's reason
 *   in the audit log (`window.allocation_changed`).
 *
 * What the allocator may touch: a window's certified categories are its configured skills narrowed to the
 * signed-in staff member's certifications; windows pinned by a supervisor, and windows on a temporary
 * allocation (`until`), are left alone until the pin is lifted or the time runs out.
 */
import { createHash } from 'node:crypto';
import { businessDate, type EpochMs } from '@hall/contract';
import {
  proposeAllocation,
  type AllocationChange,
  type AllocatorInput,
  type AllocatorWindow,
  type CategoryLoad,
} from '../core/allocator.ts';
import { arrivalRatesPerHour } from '../core/estimator.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { Actor } from '../hall/actor.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { Logger } from '../log.ts';

export interface Proposal extends AllocationChange {
  /** Stable for the same window and target: re-running the allocator keeps the id. */
  readonly id: string;
  readonly windowName: string;
  readonly proposedAt: string;
  /** A short Chinese summary for the console and the alert ("5号窗口：增加 医保社保"). */
  readonly summary: string;
}

export interface ProposalsView {
  mode: 'off' | 'advisory' | 'automatic';
  evaluatedAt: string | null;
  proposals: Proposal[];
}

export const SYSTEM_ALLOCATOR: Actor = { kind: 'system', id: 'allocator', role: 'system', source: 'allocation-runner' };
const DISMISS_MS = 15 * 60_000;

/** The windows and category loads of the hall, as the allocator sees them. */
export function buildAllocatorInput(hall: HallService, now: EpochMs): AllocatorInput {
  const today = businessDate(now, hall.timeZone);
  const issued = hall.queries.ticketsOfDay(today).map((t) => ({ categoryId: t.categoryId, priority: t.priority, issuedAt: t.issuedAt }));
  const firstIssue = issued.reduce((m, t) => Math.min(m, t.issuedAt), now);
  const rates = arrivalRatesPerHour(issued, now, { since: firstIssue - 60_000 });
  const minutes = hall.queries.serviceMinutes();
  const categories: CategoryLoad[] = hall.queueStats().map((q) => ({
    id: q.categoryId,
    queueLength: q.waiting,
    arrivalRatePerHour: rates.perHour[q.categoryId] ?? 0,
    meanServiceMinutes: minutes[q.categoryId] ?? 10,
    oldestWaitMinutes: q.longestWaitMinutes,
  }));
  // What each window may serve is skills ∩ the certifications of the person signed in (the hall's read model).
  const servable = new Map(hall.queries.dispatchWindows(now).map((d) => [d.id, d]));
  const windows: AllocatorWindow[] = hall.queries.windowRecords().flatMap((w) => {
    const d = servable.get(w.id);
    const cfg = hall.windowConfigs.get(w.id);
    if (!d || !cfg) return [];
    const skills = w.staffUsername ? [...d.skills] : [...cfg.skills];
    return [
      {
        id: w.id,
        skills,
        home: skills.includes(cfg.home) ? cfg.home : (skills[0] ?? cfg.home),
        allocation: w.allocation,
        isOpen: w.status === 'open',
        pinned: w.allocationPinned || w.allocationUntil !== null,
        lastChangedAt: w.allocationChangedAt,
      },
    ];
  });
  return { now, windows, categories, crossSkillSlowdown: hall.queries.dispatchConfig().crossSkillSlowdown };
}

export class AllocationRunner {
  private proposals: Proposal[] = [];
  private evaluatedAt: EpochMs | null = null;
  private lastRunAt = -Infinity;
  private readonly dismissed = new Map<string, EpochMs>();

  constructor(private readonly deps: { hall: HallService; alerts: AlertService; log: Logger; intervalMs?: number }) {}

  private get hall(): HallService {
    return this.deps.hall;
  }
  get mode() {
    return this.hall.config.settings.allocationMode;
  }

  /** The scheduler calls this every tick; the runner itself decides when 30 s have passed. */
  tick(): void {
    const now = this.hall.now();
    if (now - this.lastRunAt < (this.deps.intervalMs ?? 30_000)) return;
    this.run();
  }

  /** Runs the allocator now (the console's "立即评估", a mode change). */
  run(): ProposalsView {
    const now = this.hall.now();
    this.lastRunAt = now;
    const mode = this.mode;
    if (mode === 'off') {
      this.replace([]);
      this.evaluatedAt = now;
      return this.view();
    }
    let changes: AllocationChange[];
    try {
      changes = proposeAllocation(buildAllocatorInput(this.hall, now));
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'allocator failed');
      return this.view();
    }
    this.evaluatedAt = now;
    for (const [id, until] of this.dismissed) if (until <= now) this.dismissed.delete(id);
    const proposals = changes.map((c) => this.toProposal(c, now)).filter((p) => !this.dismissed.has(p.id));
    if (mode === 'automatic') {
      for (const p of proposals) {
        const r = this.hall.setAllocation(SYSTEM_ALLOCATOR, p.windowId, { categories: p.to }, `allocator: ${p.reason}`);
        if (!r.ok) this.deps.log.warn({ window: p.windowId, code: r.code }, 'automatic allocation refused');
      }
      this.replace([]);
    } else {
      this.replace(proposals);
    }
    return this.view();
  }

  view(): ProposalsView {
    return { mode: this.mode, evaluatedAt: this.evaluatedAt === null ? null : this.hall.iso(this.evaluatedAt), proposals: this.proposals };
  }

  find(id: string): Proposal | undefined {
    return this.proposals.find((p) => p.id === id);
  }

  /** A supervisor applied a proposal (the caller did `setAllocation`) or dismissed it. */
  withdraw(id: string, dismissed: boolean): void {
    if (dismissed) this.dismissed.set(id, this.hall.now() + DISMISS_MS);
    this.replace(this.proposals.filter((p) => p.id !== id));
  }

  private replace(next: Proposal[]): void {
    const keep = new Set(next.map((p) => p.windowId));
    for (const p of this.proposals) if (!keep.has(p.windowId)) this.deps.alerts.clear('allocation_proposal', p.windowId);
    for (const p of next) {
      const old = this.proposals.find((x) => x.windowId === p.windowId);
      // A different proposal for the same window replaces the alert's text.
      if (old && old.id !== p.id) this.deps.alerts.clear('allocation_proposal', p.windowId);
      this.deps.alerts.raise('allocation_proposal', 'info', p.windowId, `调度建议：${p.summary}`);
    }
    this.proposals = next;
  }

  private toProposal(c: AllocationChange, now: EpochMs): Proposal {
    const name = (id: string) => this.hall.categories.get(id)?.name ?? id;
    const added = c.to.filter((x) => !c.from.includes(x)).map(name);
    const removed = c.from.filter((x) => !c.to.includes(x)).map(name);
    const windowName = this.hall.windowConfigs.get(c.windowId)?.name ?? c.windowId;
    const parts = [added.length > 0 ? `增加 ${added.join('、')}` : '', removed.length > 0 ? `停办 ${removed.join('、')}` : ''].filter(
      Boolean,
    );
    return {
      ...c,
      id: createHash('sha256')
        .update(`${c.windowId}|${[...c.to].sort().join(',')}`)
        .digest('hex')
        .slice(0, 16),
      windowName,
      proposedAt: this.hall.iso(now),
      summary: `${windowName}：${parts.join('，') || '调整业务'}（改为 ${c.to.map(name).join('、')}）`,
    };
  }
}
