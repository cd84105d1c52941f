/**
 * The 好差评 rules, pure (R2): what may be rated, and what a valid rating holds. Every channel (keypad,
 * HID keypad, phone page, kiosk) goes through `checkRating`, so the rules cannot drift between them.
 *
 * - 一次一评: a ticket has at most one rating (ALREADY_RATED).
 * - Only a finished service (`done`) can be rated (NOT_RATEABLE).
 * - A 差评 (1–2) needs at least one configured reason tag (REASON_REQUIRED). Reason tags are 差评 content
 *   (GB/T 39734 附录A); with a level of 3–5 they are dropped, not refused, so a keypad that sends a stray
 *   bit cannot lose a rating.
 * - A comment is optional at every level, trimmed, at most 500 characters.
 */
import { failure, isBadLevel, RATING_COMMENT_MAX, type RatingLevel, type TicketStatus } from '@hall/contract';
import type { Result } from '../hall/actor.ts';

export interface ReasonTag {
  readonly id: number;
  readonly label: string;
}

export interface RatingInput {
  level: number;
  reasons?: readonly number[] | undefined;
  comment?: string | null | undefined;
}

export interface CheckedRating {
  level: RatingLevel;
  /** Sorted, distinct, configured tag ids (empty for 3–5). */
  reasons: number[];
  reasonLabels: string[];
  comment: string | null;
}

export function checkRating(
  ticket: { status: TicketStatus },
  alreadyRated: boolean,
  input: RatingInput,
  tags: readonly ReasonTag[],
): Result<CheckedRating> {
  if (ticket.status !== 'done') return failure('NOT_RATEABLE');
  if (alreadyRated) return failure('ALREADY_RATED');
  if (!Number.isInteger(input.level) || input.level < 1 || input.level > 5) return failure('VALIDATION_FAILED', { detail: 'level 1–5' });
  const level = input.level as RatingLevel;
  const byId = new Map(tags.map((t) => [t.id, t.label]));
  let reasons: number[] = [];
  if (isBadLevel(level)) {
    reasons = [...new Set(input.reasons ?? [])].sort((a, b) => a - b);
    const unknown = reasons.filter((id) => !byId.has(id));
    if (unknown.length > 0) return failure('UNKNOWN_REASON', { tags: unknown.join(', ') });
    if (reasons.length === 0) return failure('REASON_REQUIRED');
  }
  const comment = input.comment?.trim() ?? '';
  if ([...comment].length > RATING_COMMENT_MAX) return failure('COMMENT_TOO_LONG', { max: RATING_COMMENT_MAX });
  return {
    ok: true,
    value: { level, reasons, reasonLabels: reasons.map((id) => byId.get(id) as string), comment: comment === '' ? null : comment },
  };
}

/** A keypad's reason bitmask (bit i = tag id i) as tag ids. */
export function reasonsFromMask(mask: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < 8; i++) if ((mask >> i) & 1) ids.push(i);
  return ids;
}

export function maskFromReasons(ids: readonly number[]): number {
  return ids.reduce((m, id) => m | (1 << id), 0);
}
