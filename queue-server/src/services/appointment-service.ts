/**
 * 预约签到: appointments come from the hall's booking system (imported by a supervisor or an adapter);
 * at the kiosk a citizen checks in by code or by ID number and gets an appointment-priority ticket.
 * ID numbers are stored only as salted hashes, for the lookup.
 */
import { createHash, randomUUID } from 'node:crypto';
import { failure, maskName, type Ticket } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { Actor, HallService, Result } from './hall-service.ts';

export interface AppointmentInput {
  code: string;
  serviceId: string;
  date: string;
  slotStart: string;
  slotEnd: string;
  idNumber?: string | undefined;
  name?: string | undefined;
}

export class AppointmentService {
  constructor(
    private readonly db: Db,
    private readonly hall: HallService,
    private readonly salt: string,
  ) {}

  private hashId(id: string): string {
    return createHash('sha256').update(`${this.salt}:${id.trim().toUpperCase()}`).digest('hex');
  }

  import(actor: Actor, list: AppointmentInput[]): Result<number> {
    for (const a of list)
      if (!this.hall.services.has(a.serviceId)) return failure('UNKNOWN_SERVICE', `没有该事项 / Unknown service: ${a.serviceId}`);
    const now = this.hall.now();
    const insert = this.db
      .prepare(`INSERT INTO appointment (id, code, service_id, business_date, slot_start, slot_end, id_number_hash, name_masked, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`);
    let n = 0;
    this.db.transaction(() => {
      for (const a of list) {
        n += insert.run(
          randomUUID(),
          a.code.toUpperCase(),
          a.serviceId,
          a.date,
          a.slotStart,
          a.slotEnd,
          a.idNumber ? this.hashId(a.idNumber) : null,
          a.name ? maskName(a.name) : null,
          now,
        ).changes;
      }
      this.hall.events.append(
        { type: 'appointments.imported', actor: actor.id, source: actor.source, data: { count: n } },
        now,
        this.hall.today(),
      );
    })();
    return { ok: true, value: n };
  }

  async checkIn(
    actor: Actor,
    req: { code?: string | undefined; idNumber?: string | undefined; printerId?: string | undefined; idempotencyKey?: string | undefined },
  ): Promise<Result<Ticket>> {
    const today = this.hall.today();
    type Row = { id: string; service_id: string; ticket_id: string | null; business_date: string };
    const row = (
      req.code
        ? this.db
            .prepare('SELECT id, service_id, ticket_id, business_date FROM appointment WHERE code = ?')
            .get(req.code.trim().toUpperCase())
        : this.db
            .prepare(
              'SELECT id, service_id, ticket_id, business_date FROM appointment WHERE id_number_hash = ? AND business_date = ? ORDER BY ticket_id IS NOT NULL, slot_start LIMIT 1',
            )
            .get(this.hashId(req.idNumber ?? ''), today)
    ) as Row | undefined;
    if (!row || row.business_date !== today)
      return failure('UNKNOWN_APPOINTMENT', row ? '该预约不是今天的 / This appointment is not for today' : undefined);
    if (row.ticket_id) {
      const t = this.hall.tickets.get(row.ticket_id);
      // A repeated tap with the same key gets the same ticket back; anything else is a second check-in.
      if (t && req.idempotencyKey && t.idempotencyKey === req.idempotencyKey) return { ok: true, value: this.hall.toTicket(t) };
      return failure('APPOINTMENT_USED');
    }
    return this.hall.issueTicket(
      actor,
      {
        serviceId: row.service_id,
        channel: 'appointment',
        priority: 'appointment',
        printerId: req.printerId,
        idempotencyKey: req.idempotencyKey,
      },
      { appointmentId: row.id },
    );
  }
}
