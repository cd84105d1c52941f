/**
 * The matters of a visit (一事一次办, issue 20): which status a window may give a matter, and where the
 * visit goes when a window finishes. Pure, data first, like the ticket rules.
 *
 *   pending (待办) ──▶ accepted (受理) ──▶ done (办结)
 *        │                 │  ▲  
 *        │                 ▼  │               transferred (转办: handed to a back office or another hall)
 *        └──────────▶ needs_documents (需补件) ──▶ done | transferred | accepted
 *   done and transferred are final. A window sets only matters of categories it may serve now.
 */
import { failure, type Failure, type MatterStatus } from '@hall/contract';

export const MATTER_RULES: Readonly<Record<MatterStatus, readonly MatterStatus[]>> = {
  pending: ['accepted', 'done', 'transferred', 'needs_documents'],
  accepted: ['done', 'transferred', 'needs_documents'],
  needs_documents: ['accepted', 'done', 'transferred'],
  done: [],
  transferred: [],
};

export interface MatterCore {
  readonly serviceId: string;
  readonly categoryId: string;
  readonly status: MatterStatus;
  readonly windowId: string | null;
  readonly updatedAt: number | null;
}

/** Sets one matter's status for a window certified for `certified`; returns every matter after it. */
export function updateMatter<M extends MatterCore>(
  matters: readonly M[],
  serviceId: string,
  to: MatterStatus,
  ctx: { windowId: string; certified: readonly string[]; now: number },
): { ok: true; matters: M[] } | Failure {
  const i = matters.findIndex((m) => m.serviceId === serviceId);
  const m = matters[i];
  if (m === undefined) return failure('UNKNOWN_MATTER', { id: serviceId });
  if (!ctx.certified.includes(m.categoryId)) return failure('MATTER_NOT_CERTIFIED', { id: serviceId });
  if (!MATTER_RULES[m.status].includes(to)) return failure('MATTER_STATUS', { status: m.status, to });
  const next = [...matters];
  next[i] = { ...m, status: to, windowId: ctx.windowId, updatedAt: ctx.now };
  return { ok: true, matters: next };
}

/** True while a matter still needs a window (not 办结, not 转办). */
export const isOpenMatter = (m: Pick<MatterCore, 'status'>): boolean => m.status !== 'done' && m.status !== 'transferred';

/**
 * When a window finishes a visit: the matters it may serve that are still open become 办结 (the window
 * did its part), and the visit goes on to the category of the first matter still open elsewhere, or ends.
 * A matter marked 需补件 is left as it is (the citizen returns with the papers).
 */
export function finishAtWindow<M extends MatterCore>(
  matters: readonly M[],
  ctx: { windowId: string; certified: readonly string[]; now: number },
): { matters: M[]; nextCategory: string | null } {
  const next = matters.map((m) =>
    isOpenMatter(m) && m.status !== 'needs_documents' && ctx.certified.includes(m.categoryId)
      ? { ...m, status: 'done' as const, windowId: ctx.windowId, updatedAt: ctx.now }
      : m,
  );
  const open = next.find((m) => isOpenMatter(m) && m.status !== 'needs_documents' && !ctx.certified.includes(m.categoryId));
  return { matters: next, nextCategory: open?.categoryId ?? null };
}
