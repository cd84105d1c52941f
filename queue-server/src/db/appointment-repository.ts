import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

export interface AppointmentRecord {
  readonly id: string;
  readonly code: string;
  readonly serviceId: string;
  readonly businessDate: string;
  readonly slotStart: string;
  readonly slotEnd: string;
  readonly ticketId: string | null;
  readonly checkedInAt: EpochMs | null;
  /** How the booking was kept: early, on_time, late_grace, late (checked in) or missed (爽约). */
  readonly arrival: string | null;
  readonly missedAt: EpochMs | null;
  /** The pseudonymous person key (salted hash of the ID number), for the repeated no-show policy. */
  readonly person: string | null;
  readonly nameMasked: string | null;
}

export interface NewAppointment {
  readonly id: string;
  readonly code: string;
  readonly serviceId: string;
  readonly businessDate: string;
  readonly slotStart: string;
  readonly slotEnd: string;
  /** Salted hash of the ID number: the hall never stores the number itself. */
  readonly idNumberHash: string | null;
  readonly nameMasked: string | null;
  readonly createdAt: EpochMs;
}

interface Row {
  id: string;
  code: string;
  service_id: string;
  business_date: string;
  slot_start: string;
  slot_end: string;
  ticket_id: string | null;
  checked_in_at: number | null;
  arrival: string | null;
  missed_at: number | null;
  id_number_hash: string | null;
  name_masked: string | null;
}

const fromRow = (r: Row): AppointmentRecord => ({
  id: r.id,
  code: r.code,
  serviceId: r.service_id,
  businessDate: r.business_date,
  slotStart: r.slot_start,
  slotEnd: r.slot_end,
  ticketId: r.ticket_id,
  checkedInAt: r.checked_in_at,
  arrival: r.arrival,
  missedAt: r.missed_at,
  person: r.id_number_hash,
  nameMasked: r.name_masked,
});

/** 预约: imported appointments and their check-ins (table `appointment`, owned here). */
export class AppointmentRepository {
  private readonly s;
  constructor(db: Db) {
    const cols =
      'id, code, service_id, business_date, slot_start, slot_end, ticket_id, checked_in_at, arrival, missed_at, id_number_hash, name_masked';
    this.s = {
      insert:
        db.prepare(`INSERT INTO appointment (id, code, service_id, business_date, slot_start, slot_end, id_number_hash, name_masked, created_at)
        VALUES (@id, @code, @serviceId, @businessDate, @slotStart, @slotEnd, @idNumberHash, @nameMasked, @createdAt) ON CONFLICT (code) DO NOTHING`),
      byCode: db.prepare(`SELECT ${cols} FROM appointment WHERE code = ?`),
      byIdHash: db.prepare(
        `SELECT ${cols} FROM appointment WHERE id_number_hash = ? AND business_date = ? ORDER BY ticket_id IS NOT NULL, slot_start LIMIT 1`,
      ),
      checkIn: db.prepare('UPDATE appointment SET ticket_id = ?, checked_in_at = ?, arrival = ? WHERE id = ? AND ticket_id IS NULL'),
      unkept: db.prepare(`SELECT ${cols} FROM appointment WHERE business_date <= ? AND ticket_id IS NULL AND arrival IS NULL`),
      markMissed: db.prepare(
        "UPDATE appointment SET arrival = 'missed', missed_at = ? WHERE id = ? AND ticket_id IS NULL AND arrival IS NULL",
      ),
      missedSince: db.prepare(
        `SELECT ${cols} FROM appointment WHERE business_date >= ? AND arrival = 'missed' AND id_number_hash IS NOT NULL`,
      ),
      countOfDay: db.prepare('SELECT COUNT(*) AS n FROM appointment WHERE business_date = ?'),
      range: db.prepare(`SELECT ${cols} FROM appointment WHERE business_date >= ? AND business_date <= ?`),
    };
  }
  /** Inserts unless the code exists; returns whether it was new. */
  insert(a: NewAppointment): boolean {
    return this.s.insert.run(a).changes === 1;
  }
  byCode(code: string): AppointmentRecord | null {
    const r = this.s.byCode.get(code) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  byIdHash(hash: string, businessDate: string): AppointmentRecord | null {
    const r = this.s.byIdHash.get(hash, businessDate) as Row | undefined;
    return r ? fromRow(r) : null;
  }
  /** Marks the appointment checked in with its ticket; false when it already had one (exactly once). */
  attachTicket(id: string, ticketId: string, at: EpochMs, arrival: string | null = null): boolean {
    return this.s.checkIn.run(ticketId, at, arrival, id).changes === 1;
  }
  /** Bookings of `date` or earlier nobody checked in for and not yet recorded as missed. */
  unkept(date: string): AppointmentRecord[] {
    return (this.s.unkept.all(date) as Row[]).map(fromRow);
  }
  /** Records 爽约; false when the booking was checked in or recorded meanwhile. */
  markMissed(id: string, at: EpochMs): boolean {
    return this.s.markMissed.run(at, id).changes === 1;
  }
  /** Missed bookings of people with an ID key, from a date on (the repeated no-show policy). */
  missedSince(date: string): AppointmentRecord[] {
    return (this.s.missedSince.all(date) as Row[]).map(fromRow);
  }
  countOfDay(businessDate: string): number {
    return (this.s.countOfDay.get(businessDate) as { n: number }).n;
  }
  between(from: string, to: string): AppointmentRecord[] {
    return (this.s.range.all(from, to) as Row[]).map(fromRow);
  }
}
