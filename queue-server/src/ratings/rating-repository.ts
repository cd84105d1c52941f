/**
 * Ratings, rectification cases and their audit log behind prepared statements (R10). Returns records,
 * never raw rows. Callers run writes inside their transaction.
 */
import type { CaseStatus, CaseStep, EpochMs, RatingChannel, RatingLevel, RevisitOutcome } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { CaseSchedule } from './case-machine.ts';
import { maskFromReasons, reasonsFromMask } from './rating-rules.ts';
import type { Outcome, ServedTicket } from '@hall/contract';

export interface RatingRecord {
  id: string;
  ticketId: string;
  ticketNumber: string;
  ticketBusinessDate: string;
  categoryId: string;
  serviceIds: string[];
  windowId: string | null;
  staffId: string | null;
  channel: RatingChannel;
  device: string | null;
  level: RatingLevel;
  reasons: number[];
  reasonLabels: string[];
  comment: string | null;
  createdAt: EpochMs;
  businessDate: string;
  /** The rectification case a 差评 opened (read only; set by the case insert). */
  caseId: string | null;
}

export interface CaseRecord {
  id: string;
  ratingId: string;
  status: CaseStatus;
  businessDate: string;
  createdAt: EpochMs;
  schedule: CaseSchedule;
  done: Record<CaseStep, { at: EpochMs; by: string } | null>;
  outcome: RevisitOutcome | null;
  overdueAt: EpochMs | null;
  overdueCount: number;
  updatedAt: EpochMs;
  appeal: AppealRecord | null;
}

/** 申诉/复核: one supervisor asks to exclude a malicious 差评, a second one decides. */
export interface AppealRecord {
  status: 'pending' | 'approved' | 'rejected';
  reason: string;
  by: string;
  at: EpochMs;
  decidedBy: string | null;
  decidedAt: EpochMs | null;
}

export interface CaseLogRecord {
  at: EpochMs;
  action: 'created' | CaseStep | 'overdue' | 'appeal' | 'appeal_approved' | 'appeal_rejected' | 'follow_up';
  actor: string;
  source: string;
  from: CaseStatus | null;
  to: CaseStatus;
  note: string | null;
}

interface RatingRow {
  id: string;
  ticket_id: string;
  ticket_number: string;
  ticket_business_date: string;
  category_id: string;
  service_ids: string;
  window_id: string | null;
  staff_id: string | null;
  channel: string;
  device: string | null;
  level: number;
  reasons: number;
  reason_labels: string;
  comment: string | null;
  created_at: number;
  business_date: string;
  case_id: string | null;
}

interface CaseRow {
  id: string;
  rating_id: string;
  status: string;
  business_date: string;
  created_at: number;
  verify_due_date: string;
  verify_due_at: number;
  rectify_due_date: string;
  rectify_due_at: number;
  revisit_due_date: string;
  revisit_due_at: number;
  verified_at: number | null;
  verified_by: string | null;
  rectified_at: number | null;
  rectified_by: string | null;
  closed_at: number | null;
  closed_by: string | null;
  outcome: string | null;
  overdue_at: number | null;
  overdue_count: number;
  updated_at: number;
  appeal_status: string | null;
  appeal_reason: string | null;
  appeal_by: string | null;
  appeal_at: number | null;
  appeal_decided_by: string | null;
  appeal_decided_at: number | null;
}

function ratingFromRow(r: RatingRow): RatingRecord {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    ticketNumber: r.ticket_number,
    ticketBusinessDate: r.ticket_business_date,
    categoryId: r.category_id,
    serviceIds: JSON.parse(r.service_ids) as string[],
    windowId: r.window_id,
    staffId: r.staff_id,
    channel: r.channel as RatingChannel,
    device: r.device,
    level: r.level as RatingLevel,
    reasons: reasonsFromMask(r.reasons),
    reasonLabels: JSON.parse(r.reason_labels) as string[],
    comment: r.comment,
    createdAt: r.created_at,
    businessDate: r.business_date,
    caseId: r.case_id,
  };
}

const doneOf = (at: number | null, by: string | null) => (at === null ? null : { at, by: by ?? '' });

function caseFromRow(r: CaseRow): CaseRecord {
  return {
    id: r.id,
    ratingId: r.rating_id,
    status: r.status as CaseStatus,
    businessDate: r.business_date,
    createdAt: r.created_at,
    schedule: {
      verify: { dueDate: r.verify_due_date, dueAt: r.verify_due_at },
      rectify: { dueDate: r.rectify_due_date, dueAt: r.rectify_due_at },
      revisit: { dueDate: r.revisit_due_date, dueAt: r.revisit_due_at },
    },
    done: {
      verify: doneOf(r.verified_at, r.verified_by),
      rectify: doneOf(r.rectified_at, r.rectified_by),
      revisit: doneOf(r.closed_at, r.closed_by),
    },
    outcome: r.outcome as RevisitOutcome | null,
    overdueAt: r.overdue_at,
    overdueCount: r.overdue_count,
    updatedAt: r.updated_at,
    appeal:
      r.appeal_status === null
        ? null
        : {
            status: r.appeal_status as AppealRecord['status'],
            reason: r.appeal_reason ?? '',
            by: r.appeal_by ?? '',
            at: r.appeal_at ?? 0,
            decidedBy: r.appeal_decided_by,
            decidedAt: r.appeal_decided_at,
          },
  };
}

const RATING_SELECT = 'SELECT r.*, c.id AS case_id FROM rating r LEFT JOIN rectification_case c ON c.rating_id = r.id';

const STEP_COLUMNS: Record<CaseStep, [string, string]> = {
  verify: ['verified_at', 'verified_by'],
  rectify: ['rectified_at', 'rectified_by'],
  revisit: ['closed_at', 'closed_by'],
};

export class RatingRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO rating (id, ticket_id, ticket_number, ticket_business_date, category_id, service_ids, window_id,
        staff_id, channel, device, level, reasons, reason_labels, comment, created_at, business_date)
        VALUES (@id, @ticketId, @ticketNumber, @ticketBusinessDate, @categoryId, @serviceIds, @windowId, @staffId, @channel, @device,
        @level, @reasons, @reasonLabels, @comment, @createdAt, @businessDate)`),
      byTicket: db.prepare(`${RATING_SELECT} WHERE r.ticket_id = ?`),
      byId: db.prepare(`${RATING_SELECT} WHERE r.id = ?`),
      ofDays: db.prepare(`${RATING_SELECT} WHERE r.ticket_business_date BETWEEN ? AND ? ORDER BY r.created_at, r.id`),
      served: db.prepare(`SELECT id, business_date, window_id, served_by, category_id, service_ids FROM ticket
        WHERE status = 'done' AND business_date BETWEEN ? AND ?`),
      outcomes: db.prepare(`SELECT r.ticket_id, r.level, c.status, c.overdue_at, c.outcome, c.appeal_status
        FROM rating r LEFT JOIN rectification_case c ON c.rating_id = r.id
        WHERE r.ticket_business_date BETWEEN ? AND ?`),
      lastFinished: db.prepare(`SELECT ticket_id FROM event_log WHERE business_date = ? AND type = 'ticket.finished' AND window_id = ?
        ORDER BY id DESC LIMIT 1`),
      staffDay: db.prepare('SELECT level, COUNT(*) AS n FROM rating WHERE staff_id = ? AND ticket_business_date = ? GROUP BY level'),
      insertCase:
        db.prepare(`INSERT INTO rectification_case (id, rating_id, status, business_date, created_at, verify_due_date, verify_due_at,
        rectify_due_date, rectify_due_at, revisit_due_date, revisit_due_at, updated_at)
        VALUES (@id, @ratingId, 'open', @businessDate, @createdAt, @verifyDueDate, @verifyDueAt, @rectifyDueDate, @rectifyDueAt,
        @revisitDueDate, @revisitDueAt, @createdAt)`),
      casesOfDay: db.prepare('SELECT COUNT(*) AS n FROM rectification_case WHERE business_date = ?'),
      caseById: db.prepare('SELECT * FROM rectification_case WHERE id = ?'),
      casesAll: db.prepare(
        'SELECT * FROM rectification_case WHERE business_date BETWEEN ? AND ? ORDER BY created_at DESC, id DESC LIMIT 1000',
      ),
      casesOpen: db.prepare("SELECT * FROM rectification_case WHERE status != 'closed' ORDER BY created_at, id"),
      markOverdue: db.prepare(
        'UPDATE rectification_case SET overdue_at = ?, overdue_count = overdue_count + 1, updated_at = ? WHERE id = ? AND overdue_at IS NULL',
      ),
      advance: Object.fromEntries(
        Object.entries(STEP_COLUMNS).map(([step, [at, by]]) => [
          step,
          db.prepare(
            `UPDATE rectification_case SET status = @to, ${at} = @now, ${by} = @actor, outcome = COALESCE(@outcome, outcome), overdue_at = NULL,
         updated_at = @now WHERE id = @id AND status = @from`,
          ),
        ]),
      ) as Record<CaseStep, ReturnType<Db['prepare']>>,
      log: db.prepare(
        'INSERT INTO rectification_log (case_id, at, action, actor, source, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      logOf: db.prepare('SELECT * FROM rectification_log WHERE case_id = ? ORDER BY id'),
      followUpOf: db.prepare('SELECT level, comment, created_at FROM rating_follow_up WHERE rating_id = ?'),
      insertFollowUp: db.prepare('INSERT INTO rating_follow_up (rating_id, level, comment, created_at) VALUES (?, ?, ?, ?)'),
      appeal:
        db.prepare(`UPDATE rectification_case SET appeal_status = 'pending', appeal_reason = @reason, appeal_by = @by, appeal_at = @now,
        appeal_decided_by = NULL, appeal_decided_at = NULL, updated_at = @now
        WHERE id = @id AND (appeal_status IS NULL OR appeal_status = 'rejected')`),
      approve: db.prepare(`UPDATE rectification_case SET appeal_status = 'approved', appeal_decided_by = @by, appeal_decided_at = @now,
        status = 'closed', closed_at = COALESCE(closed_at, @now), closed_by = COALESCE(closed_by, @by), overdue_at = NULL, updated_at = @now
        WHERE id = @id AND appeal_status = 'pending' AND appeal_by != @by`),
      reject: db.prepare(`UPDATE rectification_case SET appeal_status = 'rejected', appeal_decided_by = @by, appeal_decided_at = @now,
        updated_at = @now WHERE id = @id AND appeal_status = 'pending' AND appeal_by != @by`),
    };
  }

  /** Throws SQLITE_CONSTRAINT_UNIQUE when the ticket already has a rating (一次一评). */
  insert(r: RatingRecord): void {
    this.s.insert.run({
      ...r,
      serviceIds: JSON.stringify(r.serviceIds),
      reasons: maskFromReasons(r.reasons),
      reasonLabels: JSON.stringify(r.reasonLabels),
    });
  }
  byTicket(ticketId: string): RatingRecord | null {
    const r = this.s.byTicket.get(ticketId) as RatingRow | undefined;
    return r ? ratingFromRow(r) : null;
  }
  byId(id: string): RatingRecord | null {
    const r = this.s.byId.get(id) as RatingRow | undefined;
    return r ? ratingFromRow(r) : null;
  }
  /** Ratings of tickets served from `from` to `to` (business dates, inclusive). */
  ofDays(from: string, to: string): RatingRecord[] {
    return (this.s.ofDays.all(from, to) as RatingRow[]).map(ratingFromRow);
  }
  /** Finished tickets of the service days `from`..`to`: what 未评率 is counted against. */
  servedTickets(from: string, to: string): ServedTicket[] {
    return (
      this.s.served.all(from, to) as Array<{
        id: string;
        business_date: string;
        window_id: string | null;
        served_by: string | null;
        category_id: string;
        service_ids: string;
      }>
    ).map((r) => ({
      id: r.id,
      businessDate: r.business_date,
      windowId: r.window_id,
      servedBy: r.served_by,
      categoryId: r.category_id,
      serviceIds: JSON.parse(r.service_ids) as string[],
    }));
  }
  /** Ticket id → its rating level and case status, for the tickets served `from`..`to`. */
  outcomes(from: string, to: string): Map<string, Outcome> {
    return new Map(
      (
        this.s.outcomes.all(from, to) as Array<{
          ticket_id: string;
          level: number;
          status: string | null;
          overdue_at: number | null;
          outcome: string | null;
          appeal_status: string | null;
        }>
      ).map((r) => [
        r.ticket_id,
        {
          level: r.level,
          caseStatus: r.status as CaseStatus | null,
          caseOverdue: r.overdue_at !== null,
          excluded: r.appeal_status === 'approved',
          revisitOutcome: r.outcome as RevisitOutcome | null,
        },
      ]),
    );
  }
  /**
   * The ticket a window finished last on a business date. Read from the append-only event log, whose ids
   * order finishes exactly even when two share a millisecond.
   */
  lastFinishedTicketId(windowId: string, day: string): string | null {
    return (this.s.lastFinished.get(day, windowId) as { ticket_id: string } | undefined)?.ticket_id ?? null;
  }
  levelsOfStaff(username: string, day: string): Map<number, number> {
    return new Map((this.s.staffDay.all(username, day) as Array<{ level: number; n: number }>).map((r) => [r.level, r.n]));
  }

  insertCase(c: { id: string; ratingId: string; businessDate: string; createdAt: EpochMs; schedule: CaseSchedule }): void {
    const { verify, rectify, revisit } = c.schedule;
    this.s.insertCase.run({
      id: c.id,
      ratingId: c.ratingId,
      businessDate: c.businessDate,
      createdAt: c.createdAt,
      verifyDueDate: verify.dueDate,
      verifyDueAt: verify.dueAt,
      rectifyDueDate: rectify.dueDate,
      rectifyDueAt: rectify.dueAt,
      revisitDueDate: revisit.dueDate,
      revisitDueAt: revisit.dueAt,
    });
  }
  /** Case ids read `RC-20260930-001`: the day of the 差评 and its number that day. */
  nextCaseId(day: string): string {
    const n = (this.s.casesOfDay.get(day) as { n: number }).n + 1;
    return `RC-${day.replaceAll('-', '')}-${String(n).padStart(3, '0')}`;
  }
  caseById(id: string): CaseRecord | null {
    const r = this.s.caseById.get(id) as CaseRow | undefined;
    return r ? caseFromRow(r) : null;
  }
  /** Cases opened from `from` to `to` (inclusive), newest first. */
  cases(from: string, to: string): CaseRecord[] {
    return (this.s.casesAll.all(from, to) as CaseRow[]).map(caseFromRow);
  }
  /** Every case not closed yet, oldest first (the overdue scan). */
  openCases(): CaseRecord[] {
    return (this.s.casesOpen.all() as CaseRow[]).map(caseFromRow);
  }
  markOverdue(id: string, now: EpochMs): boolean {
    return this.s.markOverdue.run(now, now, id).changes === 1;
  }
  /** Moves a case from `from` to `to` by a step; false if another writer moved it first. */
  advance(
    id: string,
    step: CaseStep,
    from: CaseStatus,
    to: CaseStatus,
    actor: string,
    now: EpochMs,
    outcome: RevisitOutcome | null,
  ): boolean {
    return this.s.advance[step].run({ id, from, to, actor, now, outcome }).changes === 1;
  }
  /** The citizen's 追评 on a rating, if any (table rating_follow_up, owned here). */
  followUpOf(ratingId: string): { level: RatingLevel; comment: string | null; createdAt: EpochMs } | null {
    const r = this.s.followUpOf.get(ratingId) as { level: number; comment: string | null; created_at: number } | undefined;
    return r ? { level: r.level as RatingLevel, comment: r.comment, createdAt: r.created_at } : null;
  }
  /** Throws SQLITE_CONSTRAINT_PRIMARYKEY on a second 追评. */
  insertFollowUp(ratingId: string, level: RatingLevel, comment: string | null, at: EpochMs): void {
    this.s.insertFollowUp.run(ratingId, level, comment, at);
  }
  /** Files an appeal (none pending or approved yet); false otherwise. */
  requestAppeal(id: string, reason: string, by: string, now: EpochMs): boolean {
    return this.s.appeal.run({ id, reason, by, now }).changes === 1;
  }
  /** A second person decides a pending appeal; approving closes the case as excluded. False otherwise. */
  decideAppeal(id: string, approve: boolean, by: string, now: EpochMs): boolean {
    return (approve ? this.s.approve : this.s.reject).run({ id, by, now }).changes === 1;
  }
  log(caseId: string, e: CaseLogRecord & { source: string }): void {
    this.s.log.run(caseId, e.at, e.action, e.actor, e.source, e.from, e.to, e.note);
  }
  history(caseId: string): CaseLogRecord[] {
    return (
      this.s.logOf.all(caseId) as Array<{
        at: number;
        action: string;
        actor: string;
        source: string;
        from_status: string | null;
        to_status: string;
        note: string | null;
      }>
    ).map((r) => ({
      at: r.at,
      action: r.action as CaseLogRecord['action'],
      actor: r.actor,
      source: r.source,
      from: r.from_status as CaseStatus | null,
      to: r.to_status as CaseStatus,
      note: r.note,
    }));
  }
}
