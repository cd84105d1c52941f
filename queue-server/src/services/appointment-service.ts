/**
 * 预约签到: appointments come from the hall's booking system (imported by a supervisor or an adapter);
 * at the kiosk a citizen checks in by code or by ID number and gets an appointment-priority ticket.
 * ID numbers are stored only as salted hashes, for the lookup.
 *
 * A check-in happens exactly once: check-ins of one appointment run one at a time, and the issuing
 * transaction attaches the ticket only if the appointment has none (two kiosks tapping the same code at
 * once get one ticket and one APPOINTMENT_USED).
 */
import { createHash, randomUUID } from 'node:crypto';
import { failure, localTimeToEpoch, maskName, type IssuedTicket, type Report } from '@hall/contract';
import { addDays, arrivalAt, repeatedNoShows } from '../core/appointment-rules.ts';
import type { AppointmentRecord, AppointmentRepository } from '../db/appointment-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import { ok, type Actor, type Result } from '../hall/actor.ts';
import { KeyedLock } from './keyed-lock.ts';

export interface AppointmentInput {
  code: string;
  serviceId: string;
  date: string;
  slotStart: string;
  slotEnd: string;
  idNumber?: string | undefined;
  name?: string | undefined;
}

export interface CheckInRequest {
  code?: string | undefined;
  idNumber?: string | undefined;
  printerId?: string | undefined;
  idempotencyKey?: string | undefined;
}

export class AppointmentService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly repo: AppointmentRepository,
    private readonly hall: HallService,
    private readonly salt: string,
  ) {}

  private hashId(id: string): string {
    return createHash('sha256').update(`${this.salt}:${id.trim().toUpperCase()}`).digest('hex');
  }

  /** Imports bookings; `flagged` counts those of people who reached the repeated no-show policy (never refused here). */
  import(actor: Actor, list: AppointmentInput[]): Result<number> {
    const r = this.importBookings(actor, list);
    return r.ok ? ok(r.value.imported) : r;
  }

  importBookings(actor: Actor, list: AppointmentInput[]): Result<{ imported: number; flagged: number }> {
    for (const a of list) if (!this.hall.services.has(a.serviceId)) return failure('UNKNOWN_SERVICE', { id: a.serviceId });
    const reached = new Set(this.reached(this.hall.today()).map((p) => p.person));
    return this.hall.command((tx) => {
      let n = 0;
      let flagged = 0;
      for (const a of list) {
        if (a.idNumber && reached.has(this.hashId(a.idNumber))) flagged += 1;
        const isNew = this.repo.insert({
          id: randomUUID(),
          code: a.code.toUpperCase(),
          serviceId: a.serviceId,
          businessDate: a.date,
          slotStart: a.slotStart,
          slotEnd: a.slotEnd,
          idNumberHash: a.idNumber ? this.hashId(a.idNumber) : null,
          nameMasked: a.name ? maskName(a.name) : null,
          createdAt: tx.now,
        });
        if (isNew) n += 1;
      }
      const policy = this.hall.config.settings.appointments.repeatedNoShow;
      tx.log({
        type: 'appointments.imported',
        actor: actor.id,
        source: actor.source,
        data: { count: n, flagged, policy: policy.action },
      });
      return ok({ imported: n, flagged });
    });
  }

  private reached(today: string) {
    const policy = this.hall.config.settings.appointments.repeatedNoShow;
    const missed = this.repo
      .missedSince(addDays(today, -(policy.periodDays - 1)))
      .map((a) => ({ person: a.person, businessDate: a.businessDate, nameMasked: a.nameMasked }));
    return repeatedNoShows(missed, today, policy);
  }

  /** The repeated no-show policy and who reached it on `date`, for reports (masked names only). */
  repeatedNoShow(date: string): Report['appointments']['repeatedNoShow'] {
    const policy = this.hall.config.settings.appointments.repeatedNoShow;
    return {
      ...policy,
      people: this.reached(date).map((p) => ({ nameMasked: p.nameMasked, missed: p.missed, lastDate: p.lastDate })),
    };
  }

  private find(req: CheckInRequest, today: string): AppointmentRecord | null {
    return req.code ? this.repo.byCode(req.code.trim().toUpperCase()) : this.repo.byIdHash(this.hashId(req.idNumber ?? ''), today);
  }

  async checkIn(actor: Actor, req: CheckInRequest): Promise<Result<IssuedTicket>> {
    const first = this.find(req, this.hall.today());
    if (!first) return failure('UNKNOWN_APPOINTMENT');
    return this.lock.run(first.id, async () => {
      const today = this.hall.today();
      const row = this.find(req, today);
      if (!row) return failure('UNKNOWN_APPOINTMENT');
      if (row.businessDate !== today) return failure('APPOINTMENT_NOT_TODAY');
      if (row.ticketId) {
        const t = this.hall.queries.ticket(row.ticketId);
        // A repeated tap with the same key gets the same ticket back; anything else is a second check-in.
        if (t && req.idempotencyKey && t.idempotencyKey === req.idempotencyKey) return ok(this.hall.issuedView(t));
        return failure('APPOINTMENT_USED');
      }
      // The arrival against the slot decides the ticket (core/appointment-rules.ts).
      const tz = this.hall.timeZone;
      const slot = {
        startMs: localTimeToEpoch(row.businessDate, row.slotStart, tz),
        endMs: localTimeToEpoch(row.businessDate, row.slotEnd, tz),
      };
      const decision = arrivalAt(slot, this.hall.now(), this.hall.config.settings.appointments);
      return this.hall.issueTicket(
        actor,
        {
          serviceId: row.serviceId,
          channel: 'appointment',
          priority: decision.priority,
          printerId: req.printerId,
          idempotencyKey: req.idempotencyKey,
        },
        {
          appointmentId: row.id,
          priority: decision.priority,
          arrival: decision.arrival,
          ...(decision.heldUntil !== null ? { heldUntil: decision.heldUntil } : {}),
        },
      );
    });
  }

  countOfDay(date: string): number {
    return this.repo.countOfDay(date);
  }
  between(from: string, to: string): AppointmentRecord[] {
    return this.repo.between(from, to);
  }
}
