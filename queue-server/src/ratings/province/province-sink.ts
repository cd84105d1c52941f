/**
 * The outbox sink that speaks to a provincial platform through an adapter. `rating.created` records become
 * a push (办件编号, 事项编码, 部门编码, 工号, channel, level, tags, time) with the codes from the mapping
 * tables; the other record types (case changes) are not part of the provincial push and count as delivered.
 * A rating whose codes are not mapped yet fails (and waits in the 补传 log) until the console maps them.
 */
import type { OutboxEnvelope, OutboxSink } from '../outbox.ts';
import { affairNoOf, type ProvinceAdapter, type ProvinceRating } from './adapter.ts';
import type { ProvinceCodeRepository } from './province-codes.ts';

interface RatingData {
  rating: {
    ticketNumber: string;
    ticketBusinessDate: string;
    categoryId: string;
    serviceIds: string[];
    staffId: string | null;
    channel: string;
    level: 1 | 2 | 3 | 4 | 5;
    reasonLabels: string[];
    comment: string | null;
    createdAt: string;
  };
}

export class ProvinceSink implements OutboxSink {
  readonly kind: string;
  constructor(
    private readonly adapter: ProvinceAdapter,
    private readonly codes: ProvinceCodeRepository,
  ) {
    this.kind = `province:${adapter.id}`;
  }

  /** The push for one rating record, or the reason it cannot be made yet. */
  mapRating(e: OutboxEnvelope): ProvinceRating {
    const r = (e.data as RatingData).rating;
    const dept = this.codes.code('hall', 'hall');
    if (!dept) throw new Error('unmapped: 部门编码 of the hall');
    const service = r.serviceIds[0];
    const item = (service ? this.codes.code('service', service) : null) ?? this.codes.code('category', r.categoryId);
    if (!item) throw new Error(`unmapped: 事项编码 of ${service ?? r.categoryId}`);
    const staffNo = r.staffId ? this.codes.code('staff', r.staffId) : null;
    if (!staffNo) throw new Error(`unmapped: 工号 of ${r.staffId ?? '—'}`);
    return {
      affairNo: affairNoOf(dept, r.ticketBusinessDate, r.ticketNumber),
      itemCode: item,
      deptCode: dept,
      staffNo,
      channel: r.channel,
      level: r.level,
      tags: r.reasonLabels,
      comment: r.comment,
      ratedAt: r.createdAt,
    };
  }

  async deliver(e: OutboxEnvelope, signal: AbortSignal): Promise<void> {
    if (e.type !== 'rating.created') return;
    await this.adapter.push(this.mapRating(e), signal);
  }
}
