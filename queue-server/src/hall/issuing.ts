/**
 * Issuing tickets (取号). Never refused for load (不得限号).
 *
 * With a printer the ticket exists only if it printed: the number is drafted under a per-prefix lock,
 * printed, then committed, so a failed print leaves no ticket and no gap in the numbering.
 *
 * Idempotency: the same key returns the same ticket and prints nothing again; the same key with another
 * body is IDEMPOTENCY_CONFLICT, decided before anything is printed. Requests with one key run one at a
 * time, so two concurrent requests cannot both print.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  businessDate,
  failure,
  hallOpening,
  type CategoryConfig,
  type Channel,
  type HallConfig,
  type IssueTicketRequest,
  type IssuedTicket,
  type Priority,
  type TicketForm,
} from '@hall/contract';
import type { TicketPrintData } from '@hall/printer';
import { canPrint, isPrinterStatus } from '@hall/printer/src/transports/transport.ts';
import type { AppointmentRepository } from '../db/appointment-repository.ts';
import type { MatterRecord, TicketRecord, TicketRepository } from '../db/ticket-repository.ts';
import type { AppointmentArrival } from '../core/appointment-rules.ts';
import { formatTicketNumber } from '../core/ticket-rules.ts';
import { KeyedLock } from '../services/keyed-lock.ts';
import type { Logger } from '../log.ts';
import { ok, type Actor, type Result } from './actor.ts';
import { saveTicket } from './audit.ts';
import type { CommandRunner } from './command-runner.ts';
import type { HallViews } from './views.ts';
import type { WaitEstimates } from './wait-estimates.ts';

/** What a request resolves to before anything is drafted. */
interface Resolved {
  category: CategoryConfig;
  serviceIds: string[];
  matters: MatterRecord[];
  bundleId: string | null;
}

/** What the appointment check-in adds to a request (appointment-rules.ts decides it). */
export interface IssueExtra {
  appointmentId?: string;
  /** Overrides the request's priority (a late-past-grace arrival gets a normal ticket). */
  priority?: Priority;
  /** An early arrival: held out of the queue until this time (its slot start). */
  heldUntil?: number;
  arrival?: AppointmentArrival;
}

/** The part of the printer module's `Printer` issuing uses (tests pass fakes of just this). */
export interface TicketPrinter {
  readonly id: string;
  status(): Promise<string>;
  printTicket(data: TicketPrintData): Promise<void>;
}

export interface IssuingDeps {
  config: HallConfig;
  runner: CommandRunner;
  tickets: TicketRepository;
  appointments: AppointmentRepository;
  views: HallViews;
  estimates: WaitEstimates;
  printers: ReadonlyMap<string, TicketPrinter>;
  now: () => number;
  log: Logger;
}

export class Issuing {
  private readonly prefixLock = new KeyedLock();
  private readonly keyLock = new KeyedLock();

  constructor(private readonly deps: IssuingDeps) {}

  private resolve(req: IssueTicketRequest): Result<Resolved> {
    const { views, config } = this.deps;
    let bundleIds: string[] = [];
    if (req.bundleId !== undefined) {
      const bundle = config.bundles.find((b) => b.id === req.bundleId);
      if (!bundle) return failure('UNKNOWN_BUNDLE', { id: req.bundleId });
      bundleIds = bundle.serviceIds;
    }
    if (req.priorityGroup !== undefined && !config.settings.priorityGroups.some((g) => g.id === req.priorityGroup))
      return failure('UNKNOWN_PRIORITY_GROUP', { id: req.priorityGroup });
    const serviceIds = [...new Set([...(req.serviceId ? [req.serviceId] : []), ...bundleIds, ...(req.serviceIds ?? [])])];
    for (const id of serviceIds) if (!views.services.has(id)) return failure('UNKNOWN_SERVICE', { id });
    const first = serviceIds[0];
    const categoryId = req.categoryId ?? (first ? views.services.get(first)?.categoryId : undefined);
    const category = categoryId ? views.categories.get(categoryId) : undefined;
    if (!category) return failure('UNKNOWN_CATEGORY', { id: req.categoryId ?? '' });
    if (req.categoryId && first && views.services.get(first)?.categoryId !== req.categoryId) return failure('SERVICE_NOT_IN_CATEGORY');
    const matters: MatterRecord[] = serviceIds.map((id) => ({
      serviceId: id,
      categoryId: views.services.get(id)?.categoryId ?? category.id,
      status: 'pending',
      windowId: null,
      updatedAt: null,
    }));
    return ok({ category, serviceIds, matters, bundleId: req.bundleId ?? null });
  }

  private replay(key: string | undefined, hash: string): Result<IssuedTicket> | null {
    if (!key) return null;
    const existing = this.deps.tickets.byIdempotencyKey(key);
    if (!existing) return null;
    return existing.requestHash === hash ? ok(this.deps.views.issuedView(existing)) : failure('IDEMPOTENCY_CONFLICT');
  }

  async issue(actor: Actor, req: IssueTicketRequest, extra: IssueExtra = {}): Promise<Result<IssuedTicket>> {
    if (actor.kind !== 'system' && !['kiosk', 'staff', 'supervisor', 'admin'].includes(actor.role)) return failure('FORBIDDEN');
    // Kiosks issue inside opening hours up to the last-ticket time; staff may still issue for a citizen at the desk.
    if (actor.role === 'kiosk') {
      const opening = hallOpening(this.deps.config.hours, this.deps.now(), this.deps.config.hall.timeZone);
      if (!opening.issuing)
        return failure('HALL_CLOSED', {
          nextOpen: opening.nextOpenDate ? `${opening.nextOpenDate} ${opening.nextOpenTime ?? ''}`.trim() : '—',
        });
    }
    const resolved = this.resolve(req);
    if (!resolved.ok) return resolved;
    const hash = requestHash(req, extra.appointmentId);
    const key = req.idempotencyKey;
    const work = () => this.issueOnce(actor, req, resolved.value, hash, extra);
    return key ? this.keyLock.run(key, work) : work();
  }

  private async issueOnce(
    actor: Actor,
    req: IssueTicketRequest,
    { category, serviceIds, matters, bundleId }: Resolved,
    hash: string,
    extra: IssueExtra,
  ): Promise<Result<IssuedTicket>> {
    const early = this.replay(req.idempotencyKey, hash);
    if (early) return early;
    let printer: TicketPrinter | undefined;
    if (req.printerId !== undefined) {
      printer = this.deps.printers.get(req.printerId);
      if (!printer) return failure('UNKNOWN_PRINTER');
      const status = await printer.status().catch(() => 'offline');
      if (!isPrinterStatus(status) || !canPrint(status)) return failure('PRINTER_UNAVAILABLE', { status });
    }
    return this.prefixLock.run(category.prefix, async () => {
      const { tickets, estimates, runner, views } = this.deps;
      const now = this.deps.now();
      const draftDay = businessDate(now, this.deps.config.hall.timeZone);
      // A priority group is the green channel; an early appointment waits held (normal) until its slot.
      const priority: Priority =
        extra.heldUntil !== undefined
          ? 'normal'
          : (extra.priority ??
            (req.priorityGroup !== undefined ? 'green' : (req.priority ?? (extra.appointmentId ? 'appointment' : 'normal'))));
      const est = estimates.forNew(category.id, priority, now);
      const seq = tickets.nextSeq(category.prefix, draftDay);
      const draft: TicketRecord = {
        id: randomUUID(),
        businessDate: draftDay,
        prefix: category.prefix,
        seq,
        number: formatTicketNumber(category.prefix, seq),
        categoryId: category.id,
        serviceId: serviceIds[0] ?? null,
        serviceIds,
        status: 'waiting',
        priority,
        channel: (req.channel ?? (actor.role === 'kiosk' ? 'kiosk' : 'counter')) satisfies Channel,
        issuedAt: now,
        queuedAt: now,
        ahead: est.ahead,
        estimatedWaitMinutes: est.estimate.minutes,
        waitEstimate: est.estimate,
        sampledWait: est.sampled,
        windowId: null,
        targetWindowId: null,
        token: randomBytes(18).toString('base64url'),
        calledAt: null,
        firstCalledAt: null,
        startedAt: null,
        finishedAt: null,
        callCount: 0,
        transferCount: 0,
        suspendedAt: null,
        suspendedMs: 0,
        servedBy: null,
        note: null,
        outcome: null,
        priorityGroup: priority === 'green' ? (req.priorityGroup ?? null) : null,
        bundleId,
        matters,
        heldUntil: extra.heldUntil ?? null,
        form: normaliseForm(req.form),
        appointmentId: extra.appointmentId ?? null,
        idempotencyKey: req.idempotencyKey ?? null,
        requestHash: hash,
      };
      if (printer) {
        try {
          await printer.printTicket(views.printData(draft));
        } catch (err) {
          const status = (err as { status?: string }).status ?? 'offline';
          this.deps.log.warn({ printer: printer.id, status }, 'print failed; no ticket issued');
          return failure('PRINTER_UNAVAILABLE', { status });
        }
      }
      return runner.run((tx) => {
        if (tx.day !== draft.businessDate) throw new Error('numbering invariant broken: the business date changed while printing');
        const taken = tickets.nextSeq(draft.prefix, draft.businessDate);
        if (taken !== draft.seq) throw new Error(`numbering invariant broken: drafted ${draft.seq}, counter gave ${taken}`);
        if (draft.appointmentId && !this.deps.appointments.attachTicket(draft.appointmentId, draft.id, tx.now, extra.arrival ?? null))
          return failure('APPOINTMENT_USED');
        saveTicket(tx, tickets, null, draft, 'ticket.issued', actor, {
          categoryId: category.id,
          serviceIds,
          priority,
          priorityGroup: draft.priorityGroup,
          bundleId,
          ...(extra.arrival ? { arrival: extra.arrival } : {}),
          ...(draft.heldUntil !== null ? { heldUntil: draft.heldUntil } : {}),
          channel: draft.channel,
          printerId: req.printerId ?? null,
        });
        tx.afterCommit.push(() => estimates.countArrival(category.id));
        return ok(views.issuedView(draft));
      });
    });
  }
}

/** The request's identity for idempotency: everything but the key itself. */
function requestHash(req: IssueTicketRequest, appointmentId: string | undefined): string {
  const { idempotencyKey: _k, ...rest } = req;
  return createHash('sha256')
    .update(JSON.stringify({ ...rest, appointmentId: appointmentId ?? null }))
    .digest('hex');
}

function normaliseForm(form: TicketForm | undefined): TicketForm | null {
  if (!form) return null;
  const hasAny = Boolean(form.name || form.idNumber || form.phone || form.address || Object.keys(form.fields).length > 0);
  return hasAny || form.idKind !== 'none' ? form : null;
}
