/**
 * Kiosk extension: the few routes the self-service terminal needs beyond REST v1, under `/api/v1/kiosk/*`
 * (kiosk device token unless noted).
 *
 * - `GET  /kiosk/config`          which kiosk this token is and which printer it prints on (config `kiosks`).
 * - `GET  /kiosk/printer-status`  `{printerId, status, canPrint}` of the kiosk's printer (live, ≤ ~1 s).
 * - `POST /kiosk/print-guide`     `{serviceId | bundleId, printerId?}` prints the 一次性告知 checklist of a
 *                                 matter (or every matter of a bundle) on the kiosk printer; 503
 *                                 PRINTER_UNAVAILABLE when it cannot.
 * - `GET  /kiosk/tickets/:number` today's ticket by number, public fields only (the 评价 flow confirms
 *                                 which service is being rated before asking for a level).
 *
 * Demo hall (`settings.trustLoopbackDevices`): seeds a few appointments for today when there are none, so
 * 预约签到 can be tried on a fresh machine. Codes are `MMDD01` … `MMDD05` of the business date (see
 * kiosk/README.md); nothing is seeded in a real hall.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { GuidePrintData } from '@hall/printer';
import { canPrint, isPrinterStatus } from '@hall/printer/src/transports/transport.ts';
import type { HallConfig, ServiceConfig } from '@hall/contract';
import type { HallModule } from '../modules.ts';
import { HttpError, parse, need, actorOf } from '../http/respond.ts';
import type { HallService, TicketPrinter } from '../hall/hall-service.ts';
import { ok, SYSTEM_ACTOR } from '../hall/actor.ts';
import type { AlertService } from '../services/alert-service.ts';
import type { AppointmentInput, AppointmentService } from '../services/appointment-service.ts';
import type { Logger } from '../log.ts';

export interface KioskModuleDeps {
  hall: HallService;
  config: HallConfig;
  alerts: AlertService;
  appointments: AppointmentService;
  printers: ReadonlyMap<string, TicketPrinter>;
  log: Logger;
}

/** Whether a printer can print in the status it reported (the printer module's one rule). */
const printable = (status: string) => isPrinterStatus(status) && canPrint(status);

interface GuideCapablePrinter extends TicketPrinter {
  printGuide(data: GuidePrintPayload): Promise<void>;
}

/** What a printed 办事指南 shows: the printer module's type. */
export type GuidePrintPayload = GuidePrintData;

const PrintGuideRequest = z
  .object({
    serviceId: z.string().min(1).max(64).optional(),
    bundleId: z.string().min(1).max(64).optional(),
    printerId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((r) => (r.serviceId === undefined) !== (r.bundleId === undefined), { message: 'give exactly one of serviceId or bundleId' });

const NumberParam = z.object({
  number: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{1,2}\d{3,4}$/, 'a ticket number such as A012'),
});

/** The 一次性告知单 of one matter, as the printer lays it out. */
export function guidePrintData(config: HallConfig, service: ServiceConfig, printedAt: string): GuidePrintPayload {
  const g = service.guide;
  const category = config.categories.find((c) => c.id === service.categoryId);
  const data: GuidePrintPayload = {
    hallName: config.hall.name,
    serviceName: service.name,
    categoryName: category?.name ?? service.categoryId,
    materials: g.materials.map((m) => ({
      name: m.name,
      form: m.form,
      count: m.count,
      required: m.required,
      ...(m.note ? { note: m.note } : {}),
    })),
    conditions: g.conditions,
    fee: g.fee,
    promisedLimitDays: g.promisedLimitDays,
    legalLimitDays: g.legalLimitDays,
    maxVisits: g.maxVisits,
    printedAt,
  };
  if (g.location) data.location = g.location;
  const phone = g.consultPhone ?? config.hall.phone;
  if (phone) data.consultPhone = phone;
  return data;
}

const DEMO_SERVICES = ['id-card-renewal', 'driving-licence-renewal', 'social-security-card', 'fund-withdrawal', 'resident-medical-enroll'];
const DEMO_SLOTS: Array<[string, string]> = [
  ['09:00', '09:30'],
  ['09:30', '10:00'],
  ['10:00', '10:30'],
  ['14:00', '14:30'],
  ['15:00', '15:30'],
];
/** Valid (checksummed) but fictitious resident ID numbers for the demo: the first two appointments carry them. */
export const DEMO_ID_NUMBERS = ['360102195203140023', '11010519491231002X'] as const;

/** Today's demo appointments: codes `MMDD01`…`MMDD05`, on appointable matters that exist in this hall. */
export function demoAppointments(config: HallConfig, date: string): AppointmentInput[] {
  const mmdd = date.slice(5, 7) + date.slice(8, 10);
  const known = new Set(config.services.filter((s) => s.appointable).map((s) => s.id));
  const services = DEMO_SERVICES.filter((id) => known.has(id));
  const fallback = config.services.find((s) => s.appointable)?.id ?? config.services[0]?.id;
  const list: AppointmentInput[] = [];
  for (let i = 0; i < DEMO_SLOTS.length; i++) {
    const serviceId = services[i] ?? fallback;
    const slot = DEMO_SLOTS[i];
    if (!serviceId || !slot) continue;
    const a: AppointmentInput = { code: `${mmdd}${String(i + 1).padStart(2, '0')}`, serviceId, date, slotStart: slot[0], slotEnd: slot[1] };
    const idNumber = DEMO_ID_NUMBERS[i];
    if (idNumber) a.idNumber = idNumber;
    list.push(a);
  }
  return list;
}

function kioskPrinterId(config: HallConfig, deviceId: string, requested?: string): string | undefined {
  return (
    requested ??
    config.kiosks.find((k) => k.id === deviceId)?.printerId ??
    (config.kiosks.length === 0 ? config.devices.printers[0]?.id : undefined)
  );
}

export function kioskModule(ctx: KioskModuleDeps): HallModule {
  let seededDay = '';
  const lastStatus = new Map<string, string>();
  let polling = false;
  const seed = () => {
    const day = ctx.hall.today();
    if (day === seededDay) return;
    seededDay = day;
    if (!ctx.config.settings.trustLoopbackDevices) return;
    if (ctx.appointments.countOfDay(day) > 0) return;
    const list = demoAppointments(ctx.config, day);
    if (list.length === 0) return;
    const r = ctx.appointments.import({ ...SYSTEM_ACTOR, source: 'kiosk demo seed' }, list);
    if (r.ok) ctx.log.info({ count: r.value, day }, 'demo appointments seeded');
  };
  return {
    register(app) {
      registerKioskRoutes(app, ctx);
    },
    start: seed,
    tick() {
      seed();
      // Printer status for the health page and the Electron shell: polled, never awaited by the tick.
      if (polling) return;
      polling = true;
      void Promise.all(
        [...ctx.printers.values()].map(async (p) => {
          const status = await p.status().catch(() => 'offline');
          const before = lastStatus.get(p.id);
          lastStatus.set(p.id, status);
          if (status !== before) printerAlert(ctx, p.id, status);
        }),
      ).finally(() => {
        polling = false;
      });
    },
    health: () => (lastStatus.size > 0 ? { printerStatus: Object.fromEntries(lastStatus) } : {}),
  };
}

const PRINTER_PROBLEM: Record<string, string> = {
  'paper-near-end': '打印纸将用尽，请及时更换纸卷',
  'paper-out': '打印机缺纸，取号机已停止出票',
  'cover-open': '打印机纸仓盖未关好',
  offline: '打印机离线或故障',
};

/** Printer status changes reach supervisors as alerts (raised on trouble, cleared when it prints again). */
function printerAlert(ctx: KioskModuleDeps, printerId: string, status: string): void {
  if (status === 'ok') {
    ctx.alerts.clear('printer', printerId);
    return;
  }
  // A changed problem replaces the old alert, so the message always says what is wrong now.
  ctx.alerts.clear('printer', printerId);
  const kiosk = ctx.config.kiosks.find((k) => k.printerId === printerId);
  const where = kiosk ? `${kiosk.name}（${printerId}）` : printerId;
  ctx.alerts.raise(
    'printer',
    status === 'paper-near-end' ? 'warning' : 'critical',
    printerId,
    `${where}：${PRINTER_PROBLEM[status] ?? `打印机状态 ${status}`}`,
  );
}

function registerKioskRoutes(app: FastifyInstance, ctx: KioskModuleDeps): void {
  const p = '/api/v1/kiosk';
  const { hall, config } = ctx;

  app.get(`${p}/config`, async (req) => {
    const pr = need(req, ['kiosk']);
    const k = config.kiosks.find((x) => x.id === pr.id);
    return { kioskId: pr.id, name: k?.name ?? pr.displayName, printerId: kioskPrinterId(config, pr.id) ?? null };
  });

  app.get(`${p}/printer-status`, async (req) => {
    const pr = need(req, ['kiosk']);
    const printerId = kioskPrinterId(config, pr.id, (req.query as { printerId?: string } | undefined)?.printerId);
    if (!printerId) return { printerId: null, status: 'none', canPrint: false };
    const printer = ctx.printers.get(printerId);
    if (!printer) throw new HttpError('UNKNOWN_PRINTER');
    const status = await printer.status().catch(() => 'offline');
    return { printerId, status, canPrint: printable(status) };
  });

  app.post(`${p}/print-guide`, async (req) => {
    const pr = need(req, ['kiosk']);
    const body = parse(PrintGuideRequest, req.body);
    const printerId = kioskPrinterId(config, pr.id, body.printerId);
    const printer = printerId ? ctx.printers.get(printerId) : undefined;
    if (!printer) throw new HttpError('UNKNOWN_PRINTER');
    if (typeof (printer as Partial<GuideCapablePrinter>).printGuide !== 'function') throw new HttpError('PRINTER_UNAVAILABLE');
    let serviceIds: string[];
    if (body.bundleId !== undefined) {
      const b = config.bundles.find((x) => x.id === body.bundleId);
      if (!b) throw new HttpError('UNKNOWN_BUNDLE', { id: body.bundleId });
      serviceIds = b.serviceIds;
    } else {
      serviceIds = [body.serviceId as string];
    }
    const services = serviceIds.map((id) => hall.services.get(id));
    const missing = serviceIds.find((id) => !hall.services.has(id));
    if (missing !== undefined) throw new HttpError('UNKNOWN_SERVICE', { id: missing });
    const printedAt = hall.iso(hall.now()).slice(0, 16).replace('T', ' ');
    const status = await printer.status().catch(() => 'offline');
    if (!printable(status)) throw new HttpError('PRINTER_UNAVAILABLE', { status });
    try {
      for (const s of services as ServiceConfig[]) await (printer as GuideCapablePrinter).printGuide(guidePrintData(config, s, printedAt));
    } catch (err) {
      const st = (err as { status?: string }).status;
      if (st === undefined) throw err;
      ctx.log.warn({ printer: printer.id, status: st }, 'guide print failed');
      throw new HttpError('PRINTER_UNAVAILABLE', { status: st });
    }
    const actor = actorOf(req, pr);
    hall.command((tx) => {
      tx.log({ type: 'kiosk.guide_printed', actor: actor.id, source: actor.source, data: { serviceIds, printerId: printer.id } });
      return ok(null);
    });
    return { printed: serviceIds.length, printerId: printer.id };
  });

  app.get(`${p}/tickets/:number`, async (req) => {
    need(req, ['kiosk']);
    const { number } = parse(NumberParam, req.params);
    const t = hall.queries.ticketByNumber(hall.today(), number);
    if (!t) throw new HttpError('UNKNOWN_TICKET');
    const w = t.windowId ? hall.windowConfigs.get(t.windowId) : undefined;
    return {
      ticket: {
        number: t.number,
        status: t.status,
        categoryId: t.categoryId,
        serviceIds: t.serviceIds,
        window: w ? { id: w.id, name: w.name, number: w.number } : null,
        finishedAt: t.finishedAt ? hall.iso(t.finishedAt) : null,
      },
    };
  });
}
