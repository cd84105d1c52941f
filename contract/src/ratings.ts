/**
 * 好差评 (service ratings) and 差评整改 (rectification cases): the shapes every channel and console shares.
 *
 * One rating per ticket, whatever the channel. A rating records the service event (ticket, matter, category,
 * window, staff) and never the citizen. Levels are the national five (5 非常满意 … 1 非常不满意); a 差评
 * (1–2) needs at least one reason tag and opens a rectification case with working-day deadlines.
 * Rules and metric definitions: docs/ratings.md.
 */
import { z } from 'zod';
import { IsoDate } from './time.ts';
import { RatingLevel } from './ticket.ts';

/** Where a rating came from: a bus rating keypad, a USB HID keypad, the ticket's QR code (phone page), a kiosk. */
export const RATING_CHANNELS = ['keypad', 'hid', 'qr', 'kiosk'] as const;
export const RatingChannel = z.enum(RATING_CHANNELS);
export type RatingChannel = z.infer<typeof RatingChannel>;

/** 差评 = 不满意 and 非常不满意. */
export const isBadLevel = (level: number): boolean => level <= 2;
/** 好评 = 满意 and 非常满意. */
export const isGoodLevel = (level: number): boolean => level >= 4;

export const RATING_COMMENT_MAX = 500;
const ReasonIds = z.array(z.number().int().min(0).max(7)).max(8);
const Comment = z.string().max(RATING_COMMENT_MAX);

const TicketNumber = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{1,2}\d{3,}$/, 'a ticket number such as A012');
/** The slip's 评价校验码 (four digits, printed under the QR code and shown on the phone page). */
const CheckCode = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'four digits');

/**
 * Proof of holding the ticket at a kiosk: its scanned QR token, or today's number WITH the slip's check code.
 * The number alone (public: the hall screen shows it) is refused with CHECK_CODE_REQUIRED.
 */
const KioskProof = {
  number: TicketNumber.optional(),
  checkCode: CheckCode.optional(),
  token: z.string().min(10).max(100).optional(),
};
const oneProof = (r: { number?: string | undefined; token?: string | undefined; checkCode?: string | undefined }) =>
  (r.number === undefined) !== (r.token === undefined) && (r.checkCode === undefined || r.number !== undefined);

/** `POST /ratings/kiosk/check`: may this ticket be rated? Asked on the first screen, before any level. */
export const KioskRatingCheckRequest = z
  .object(KioskProof)
  .strict()
  .refine(oneProof, { message: 'give a token, or a number with its check code' });
export type KioskRatingCheckRequest = z.infer<typeof KioskRatingCheckRequest>;

/** The answer: which service is about to be rated (public facts only, nothing about the staff member). */
export interface KioskRatingCheck {
  number: string;
  serviceIds: string[];
  window: { number: number; name: string } | null;
}

/** `POST /ratings/kiosk`: a kiosk rates a ticket, with the same proof as the check. */
export const KioskRatingRequest = z
  .object({
    ...KioskProof,
    level: RatingLevel,
    reasons: ReasonIds.optional(),
    comment: Comment.optional(),
  })
  .strict()
  .refine(oneProof, { message: 'give a token, or a number with its check code' });
export type KioskRatingRequest = z.infer<typeof KioskRatingRequest>;

/** A rating as supervisors see it (`GET /ratings`). Nothing in it identifies the citizen. */
export interface Rating {
  id: string;
  ticketId: string;
  ticketNumber: string;
  /** The ticket's business date (the rating may come a day later from the phone page). */
  ticketBusinessDate: string;
  windowId: string | null;
  /** Username of the staff member who served the ticket. */
  staffId: string | null;
  categoryId: string;
  serviceIds: string[];
  channel: RatingChannel;
  level: RatingLevel;
  /** Reason tag ids (bit i of a keypad's bitmask = id i). */
  reasons: number[];
  /** The tags' labels as configured when the rating was given. */
  reasonLabels: string[];
  comment: string | null;
  createdAt: string;
  /** The rectification case a 差评 opened. */
  caseId: string | null;
}

/** What the citizen gets back from `POST /ratings`: their own rating, without the staff member. */
export type PublicRating = Pick<
  Rating,
  'id' | 'ticketId' | 'ticketNumber' | 'level' | 'channel' | 'reasons' | 'reasonLabels' | 'createdAt'
>;

/** `GET /public/ratings/:token`: whether the phone page should show the form. */
export interface RatingStatus {
  /** The ticket is finished (`done`) and has no rating yet. */
  rateable: boolean;
  rated: boolean;
  ticketStatus: string;
  rating: Pick<Rating, 'level' | 'channel' | 'createdAt'> | null;
  /** The slip's 评价校验码, shown to the token holder for rating at a kiosk by number. */
  checkCode: string;
}

// ───────────────────────────── 差评整改 ─────────────────────────────

/** Case states. Each step moves the case one state on: verify (核实), rectify (整改), revisit (回访). */
export const CASE_STATUSES = ['open', 'verified', 'rectified', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const CASE_STEPS = ['verify', 'rectify', 'revisit'] as const;
export const CaseStep = z.enum(CASE_STEPS);
export type CaseStep = z.infer<typeof CaseStep>;

/** How the citizen (or the window) judged the rectification at the revisit (回访整改满意率). */
export const RevisitOutcome = z.enum(['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable']);
export type RevisitOutcome = z.infer<typeof RevisitOutcome>;

export const AdvanceCaseRequest = z
  .object({
    step: CaseStep,
    note: z.string().trim().min(1).max(500),
    /** Only with `revisit`. */
    outcome: RevisitOutcome.optional(),
  })
  .strict()
  .refine((r) => r.outcome === undefined || r.step === 'revisit', { message: 'outcome belongs to the revisit step' });
export type AdvanceCaseRequest = z.infer<typeof AdvanceCaseRequest>;

export const CaseListQuery = z
  .object({
    /** A state, `active` (not closed) or `overdue`. */
    status: z.enum([...CASE_STATUSES, 'active', 'overdue', 'appeal']).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    windowId: z.string().max(40).optional(),
    staffId: z.string().max(40).optional(),
    categoryId: z.string().max(40).optional(),
  })
  .strict();

export interface CaseDeadline {
  step: CaseStep;
  /** The last working day of the step (local date). */
  dueDate: string;
  /** The step is late from this instant on (local midnight after `dueDate`). */
  dueAt: string;
  doneAt: string | null;
  doneBy: string | null;
}

export interface CaseHistoryEntry {
  at: string;
  /** `created`, a step, or `overdue` (the scheduler's escalation). */
  action: 'created' | CaseStep | 'overdue' | 'appeal' | 'appeal_approved' | 'appeal_rejected' | 'follow_up';
  actor: string;
  from: CaseStatus | null;
  to: CaseStatus;
  note: string | null;
}

export interface RectificationCase {
  id: string;
  ratingId: string;
  ticketId: string;
  ticketNumber: string;
  windowId: string | null;
  staffId: string | null;
  categoryId: string;
  serviceIds: string[];
  level: RatingLevel;
  reasons: number[];
  reasonLabels: string[];
  comment: string | null;
  status: CaseStatus;
  /** The step that is due now; null once closed. */
  nextStep: CaseStep | null;
  deadlines: CaseDeadline[];
  /** The current step is past its deadline (the scheduler escalated it). */
  overdue: boolean;
  overdueSince: string | null;
  /** How many steps of this case went overdue. */
  overdueCount: number;
  outcome: RevisitOutcome | null;
  createdAt: string;
  closedAt: string | null;
  /** 申诉/复核, when one was filed. An approved appeal closes the case and leaves its 差评 out of every figure. */
  appeal: CaseAppeal | null;
  /** The citizen's 追评 after the case closed, if any. */
  followUp: { level: RatingLevel; comment: string | null; createdAt: string } | null;
  history?: CaseHistoryEntry[];
}

export interface CaseAppeal {
  status: 'pending' | 'approved' | 'rejected';
  reason: string;
  by: string;
  at: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

/**
 * What the staff member of the window sees of a case about it: the complaint and the work on it, never who
 * rated (no ticket number, ticket id, rating id, channel or time of day).
 */
export type StaffCaseView = Pick<
  RectificationCase,
  'id' | 'windowId' | 'categoryId' | 'serviceIds' | 'level' | 'reasonLabels' | 'comment' | 'status' | 'nextStep' | 'deadlines' | 'overdue'
> & { openedOn: string };

export const AppealRequest = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
export type AppealRequest = z.infer<typeof AppealRequest>;
export const AppealDecision = z.object({ approve: z.boolean(), note: z.string().trim().min(1).max(500) }).strict();
export type AppealDecision = z.infer<typeof AppealDecision>;

/** `POST /ratings/follow-up`: the citizen's 追评 after the case of their 差评 was closed. */
export const FollowUpRequest = z.object({ token: z.string().min(10).max(100), level: RatingLevel, comment: Comment.optional() }).strict();
export type FollowUpRequest = z.infer<typeof FollowUpRequest>;

// ───────────────────────────── metrics ─────────────────────────────

/**
 * One group's 好差评 indicators. Rates are fractions 0..1 rounded to 4 places, null when the denominator is 0.
 * 好评率 = good / rated; 差评率 = bad / rated; 未评率 = (served − rated) / served; 差评整改率 = closedCases / cases.
 */
export interface RatingMetrics {
  served: number;
  rated: number;
  good: number;
  neutral: number;
  bad: number;
  unrated: number;
  byLevel: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Served tickets counted at the province's default level (no rating row; see rating-metrics.ts). */
  defaulted: number;
  /** 差评 left out of every figure by an approved 申诉. */
  excluded: number;
  /** 好评率: good / rated, default ratings included. */
  goodRate: number | null;
  badRate: number | null;
  /** 未评率: served with no active rating / served. */
  unratedRate: number | null;
  /** 主动评价好评率: active good / active rated. */
  activeGoodRate: number | null;
  cases: number;
  closedCases: number;
  /** Cases whose current step is past its deadline. */
  overdueCases: number;
  /** 差评整改率: closed / cases. */
  rectificationRate: number | null;
  /** Revisits that reached the citizen. */
  revisits: number;
  /** 回访满意率: satisfied or basically satisfied / revisits that reached the citizen. */
  revisitSatisfactionRate: number | null;
  /** Mean level / 5. */
  satisfaction: number | null;
}

export interface RatingMetricsReport {
  from: string;
  to: string;
  /** The province policy the figures follow (rating-metrics.ts). */
  policy: string;
  overall: RatingMetrics;
  /** The cases of the range's 差评 at a glance (the same numbers as `overall`). */
  rectification: {
    cases: number;
    closed: number;
    open: number;
    overdue: number;
    rate: number | null;
    revisitSatisfactionRate: number | null;
  };
  byWindow: Record<string, RatingMetrics>;
  byStaff: Record<string, RatingMetrics>;
  byCategory: Record<string, RatingMetrics>;
  /** A 一事一次办 ticket with several matters counts for each of them. */
  byMatter: Record<string, RatingMetrics>;
  byDay: Record<string, RatingMetrics>;
}

export const MetricsQuery = z
  .object({
    date: IsoDate.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .strict();
