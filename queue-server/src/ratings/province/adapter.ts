/**
 * The provincial 好差评 interface: what the hall pushes for each rating, and what it may pull back. One
 * adapter per provincial platform turns this into the platform's own request; the outbox (../outbox.ts)
 * gives every push at-least-once delivery with backoff, and the platform (or the adapter) de-duplicates by
 * 办件编号, so the province's view holds each rating exactly once.
 */
export interface ProvinceRating {
  /** 办件编号, minted by the hall when no business system gives one: stable per ticket. */
  affairNo: string;
  /** 事项编码 / 实施清单编码 of the matter (the category's code when the ticket has no matter). */
  itemCode: string;
  /** 部门编码 of the hall. */
  deptCode: string;
  /** 工号 of the staff member who served the ticket. */
  staffNo: string;
  /** Where the citizen rated: 'qr' | 'kiosk' | 'keypad' | 'hid'. */
  channel: string;
  level: 1 | 2 | 3 | 4 | 5;
  /** The reason tags' labels (the province's tag set once pulled). */
  tags: string[];
  comment: string | null;
  /** ISO 8601 with offset. */
  ratedAt: string;
}

export interface ProvinceTag {
  id: string;
  label: string;
  /** Levels the tag belongs to (差评 tags: 1–2). */
  levels: number[];
}

export interface ProvinceStats {
  month: string;
  /** 评价人次 */
  count: number;
  /** Share of each level, 0..1. */
  byLevel: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface ProvinceAdapter {
  readonly id: string;
  /** Resolves once the platform has the rating; rejects otherwise (the outbox retries). */
  push(r: ProvinceRating, signal: AbortSignal): Promise<void>;
  pullTags(signal: AbortSignal): Promise<ProvinceTag[]>;
  pullStats(month: string, signal: AbortSignal): Promise<ProvinceStats>;
}

/** The hall's 办件编号 for a ticket: department code, service day, ticket number (unique per hall and day). */
export function affairNoOf(deptCode: string, businessDate: string, ticketNumber: string): string {
  return `${deptCode}-${businessDate.replaceAll('-', '')}-${ticketNumber}`;
}
