import type { EpochMs, WindowStatus } from '@hall/contract';
import type { Db } from './database.ts';

export interface WindowRecord {
  readonly id: string;
  readonly status: WindowStatus;
  readonly staffUsername: string | null;
  readonly allocation: string[];
  readonly allocationUntil: EpochMs | null;
  readonly allocationBase: string[] | null;
  readonly allocationPinned: boolean;
  readonly allocationChangedAt: EpochMs | null;
  readonly pauseReason: string | null;
  readonly pausedAt: EpochMs | null;
  readonly priorityStreak: number;
  /** When the person now signed in signed in (null when closed). */
  readonly signedInAt: EpochMs | null;
  readonly updatedAt: EpochMs;
}

interface Row {
  id: string;
  status: string;
  staff_username: string | null;
  allocation: string;
  allocation_until: number | null;
  allocation_base: string | null;
  allocation_pinned: number;
  allocation_changed_at: number | null;
  pause_reason: string | null;
  paused_at: number | null;
  priority_streak: number;
  signed_in_at: number | null;
  updated_at: number;
}

function fromRow(r: Row): WindowRecord {
  return {
    id: r.id,
    status: r.status as WindowStatus,
    staffUsername: r.staff_username,
    allocation: JSON.parse(r.allocation) as string[],
    allocationUntil: r.allocation_until,
    allocationBase: r.allocation_base ? (JSON.parse(r.allocation_base) as string[]) : null,
    allocationPinned: r.allocation_pinned === 1,
    allocationChangedAt: r.allocation_changed_at,
    pauseReason: r.pause_reason,
    pausedAt: r.paused_at,
    priorityStreak: r.priority_streak,
    signedInAt: r.signed_in_at,
    updatedAt: r.updated_at,
  };
}

export class WindowRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT * FROM window_state WHERE id = ?'),
      all: db.prepare('SELECT * FROM window_state ORDER BY id'),
      ensure: db.prepare("INSERT OR IGNORE INTO window_state (id, status, allocation, updated_at) VALUES (?, 'closed', ?, ?)"),
      save: db.prepare(`UPDATE window_state SET status = @status, staff_username = @staffUsername, allocation = @allocation,
        allocation_until = @allocationUntil, allocation_base = @allocationBase, allocation_pinned = @allocationPinned, allocation_changed_at = @allocationChangedAt,
        pause_reason = @pauseReason, paused_at = @pausedAt, priority_streak = @priorityStreak, signed_in_at = @signedInAt, updated_at = @updatedAt WHERE id = @id`),
    };
  }
  ensure(id: string, allocation: string[], now: EpochMs): void {
    this.s.ensure.run(id, JSON.stringify(allocation), now);
  }
  get(id: string): WindowRecord | null {
    const r = this.s.get.get(id) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  all(): WindowRecord[] {
    return (this.s.all.all() as Row[]).map(fromRow);
  }
  save(w: WindowRecord): void {
    this.s.save.run({
      ...w,
      allocation: JSON.stringify(w.allocation),
      allocationBase: w.allocationBase ? JSON.stringify(w.allocationBase) : null,
      allocationPinned: w.allocationPinned ? 1 : 0,
    });
  }
}
