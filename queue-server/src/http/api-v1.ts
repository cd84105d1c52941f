/**
 * REST API v1, as `docs/api.md` describes (generated OpenAPI at `/api/v1/openapi.json`), plus additive routes (sign-in,
 * hand-over, device pairing, appointments, notices, audit). Handlers are thin (R8): parse → authorise →
 * call the hall service → answer. Errors are `{error: {code, message}}` with a 4xx status.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  AllocationRequest,
  CallSpecificRequest,
  ChangePasswordRequest,
  ResetPasswordRequest,
  SECURITY_AUDIT_TYPES,
  CreateUserRequest,
  DateQuery,
  HandOverRequest,
  IssueTicketRequest,
  ListTicketsQuery,
  IsoDate,
  AUDIT_EVENT_TYPES,
  LoginRequest,
  PairRequest,
  PairingCodeRequest,
  PauseRequest,
  RequeueRequest,
  MatterUpdateRequest,
  TransferRequest,
  businessDate,
  checkResidentId,
  maskIdNumber,
  maskPhone,
  type HallInfo,
} from '@hall/contract';
import { HttpError, actorOf, clientOf, fail, isDirectLoopback, need, parse } from './respond.ts';
import type { HallService, WindowCommand } from '../hall/hall-service.ts';
import type { AuthService } from '../services/auth-service.ts';
import { dayStats } from './stats.ts';
import type { RatingService } from '../ratings/rating-service.ts';
import type { AppointmentService } from '../services/appointment-service.ts';
import type { AlertService } from '../services/alert-service.ts';

export interface ApiDeps {
  hall: HallService;
  auth: AuthService;
  appointments: AppointmentService;
  alerts: AlertService;
  ratings: RatingService;
  metrics: () => Promise<string>;
  openapi: () => unknown;
  extraHealth?: () => Record<string, unknown>;
}

const IdParam = z.object({ id: z.string().min(1).max(64) });
const NoBody = z.object({}).strict();
const NoticesRequest = z.object({ notices: z.array(z.string().trim().min(1).max(200)).max(20) }).strict();
const CheckInRequest = z
  .object({
    code: z.string().trim().min(4).max(40).optional(),
    idNumber: z.string().trim().min(6).max(40).optional(),
    printerId: z.string().min(1).max(64).optional(),
    idempotencyKey: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((r) => r.code !== undefined || r.idNumber !== undefined, { message: 'code or idNumber is required' });
const AppointmentImport = z
  .object({
    appointments: z
      .array(
        z
          .object({
            code: z.string().trim().min(4).max(40),
            serviceId: z.string().min(1).max(64),
            date: IsoDate,
            slotStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            slotEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
            idNumber: z.string().trim().max(40).optional(),
            name: z.string().trim().max(40).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

export function registerApiV1(app: FastifyInstance, deps: ApiDeps): void {
  const { hall, auth } = deps;
  const p = '/api/v1';
  const from = (req: FastifyRequest) => clientOf(req, hall.config.settings.consoleAddresses);

  app.get(`${p}/health`, async () => ({
    ok: hall.isStorageHealthy(),
    time: hall.iso(hall.now()),
    businessDate: hall.today(),
    seq: hall.seq,
    ...(deps.extraHealth?.() ?? {}),
  }));

  app.post(`${p}/auth/login`, async (req) => {
    const body = parse(LoginRequest, req.body);
    const r = await auth.login(body.username, body.password, from(req));
    if (!r.ok) fail(r);
    return {
      token: r.token,
      role: r.role,
      displayName: r.displayName,
      expiresAt: hall.iso(r.expiresAt),
      mustChangePassword: r.mustChangePassword,
    };
  });

  app.post(`${p}/auth/logout`, async (req, reply) => {
    const pr = need(req, ['staff', 'kiosk', 'display'], { passwordChange: true });
    auth.logout(pr, from(req));
    return reply.code(204).send();
  });

  app.get(`${p}/auth/me`, async (req) => {
    const pr = need(req, ['staff', 'kiosk', 'display'], { passwordChange: true });
    const window = pr.kind === 'user' ? hall.queries.windowOf(pr.id) : null;
    return {
      kind: pr.kind,
      id: pr.id,
      role: pr.role,
      displayName: pr.displayName,
      certified: pr.certified,
      windowId: window?.id ?? null,
      mustChangePassword: pr.mustChangePassword,
    };
  });

  /** Change one's own password; every other session of the account ends. */
  app.post(`${p}/auth/password`, async (req, reply) => {
    const pr = need(req, ['staff'], { passwordChange: true });
    const body = parse(ChangePasswordRequest, req.body);
    const r = await auth.changeOwnPassword(pr, body.currentPassword, body.newPassword, from(req));
    if (!r.ok) fail(r);
    return reply.code(204).send();
  });

  app.get(`${p}/hall`, async (): Promise<HallInfo> => {
    const c = hall.config;
    return {
      name: c.hall.name,
      nameEn: c.hall.nameEn,
      timeZone: c.hall.timeZone,
      helpDesk: c.hall.helpDesk,
      businessDate: hall.today(),
      hours: c.hours,
      categories: c.categories.map(({ id, name, nameEn, prefix, color }) => ({ id, name, nameEn, prefix, color })),
      services: c.services.map(({ id, name, nameEn, categoryId, code, keywords, appointable, guide, formFields }) => ({
        id,
        name,
        nameEn,
        categoryId,
        code,
        keywords,
        appointable,
        guide,
        formFields,
      })),
      bundles: c.bundles,
      windows: c.windows.map(({ id, name, number, zone }) => ({ id, name, number, zone })),
      ratingReasons: c.settings.ratingReasons,
      voice: c.settings.voice,
      noShowAfterCalls: c.settings.noShow.afterCalls,
      priorityGroups: c.settings.priorityGroups,
    };
  });

  app.put(`${p}/hall/notices`, async (req) => {
    const pr = need(req, ['supervisor']);
    const body = parse(NoticesRequest, req.body);
    const r = hall.setNotices(actorOf(req, pr), body.notices);
    if (!r.ok) fail(r);
    return { notices: r.value };
  });

  // ── tickets ──
  app.post(`${p}/tickets`, async (req, reply) => {
    const pr = need(req, ['kiosk', 'staff']);
    const body = parse(IssueTicketRequest, req.body);
    if (body.form?.idKind === 'resident_id' && body.form.idNumber) {
      const check = checkResidentId(body.form.idNumber, hall.today());
      if (!check.ok) throw new HttpError('INVALID_RESIDENT_ID', { reason: check.reason }, { field: 'form.idNumber', reason: check.reason });
    }
    if (body.appointmentCode !== undefined) throw new HttpError('USE_CHECK_IN');
    const r = await hall.issueTicket(actorOf(req, pr), body);
    if (!r.ok) fail(r);
    return reply.code(201).send({ ticket: r.value });
  });

  app.get(`${p}/tickets`, async (req) => {
    need(req, ['staff']);
    const q = parse(ListTicketsQuery, req.query);
    return { tickets: hall.queries.ticketsOfDay(q.date ?? hall.today(), q.status).map((t) => hall.ticketView(t)) };
  });

  app.get(`${p}/tickets/:id`, async (req) => {
    need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    const t = hall.queries.ticket(id);
    if (!t) throw new HttpError('UNKNOWN_TICKET');
    return { ticket: hall.ticketView(t) };
  });

  /** The form a citizen filled at the kiosk, for the window serving them; ID masked to the last 4. */
  app.get(`${p}/tickets/:id/form`, async (req) => {
    const pr = need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    const t = hall.queries.ticket(id);
    if (!t) throw new HttpError('UNKNOWN_TICKET');
    const atWindow = t.windowId !== null && hall.queries.windowRecord(t.windowId)?.staffUsername === pr.id;
    if (pr.role === 'staff' && !atWindow) throw new HttpError('NOT_AT_WINDOW');
    const f = t.form;
    if (!f) return { form: null };
    return { form: { ...f, idNumber: f.idNumber ? maskIdNumber(f.idNumber) : undefined, phone: f.phone ? maskPhone(f.phone) : undefined } };
  });

  /** The phone page behind the ticket QR: progress of one ticket, by its token. Nothing personal. */
  app.get(`${p}/public/tickets/:token`, async (req) => {
    const { token } = parse(z.object({ token: z.string().min(10).max(100) }), req.params);
    const t = hall.queries.ticketByToken(token);
    if (!t) throw new HttpError('UNKNOWN_TICKET');
    const wait = t.status === 'waiting' ? hall.waitOf(t) : null;
    const w = t.windowId ? hall.windowConfigs.get(t.windowId) : undefined;
    return {
      ticket: {
        number: t.number,
        status: t.status,
        categoryId: t.categoryId,
        serviceIds: t.serviceIds,
        priority: t.priority,
        bundleId: t.bundleId,
        matters: t.matters.map((m) => ({ serviceId: m.serviceId, categoryId: m.categoryId, status: m.status })),
        heldUntil: t.heldUntil ? hall.iso(t.heldUntil) : null,
        issuedAt: hall.iso(t.issuedAt),
        businessDate: t.businessDate,
        ahead: wait?.ahead ?? 0,
        estimatedWaitMinutes: wait ? wait.estimate.minutes : 0,
        waitEstimate: wait?.estimate ?? null,
        window: w ? { id: w.id, name: w.name, number: w.number } : null,
        calledAt: t.calledAt ? hall.iso(t.calledAt) : null,
        finishedAt: t.finishedAt ? hall.iso(t.finishedAt) : null,
      },
    };
  });

  // ── appointments (预约签到) ──
  app.post(`${p}/appointments`, async (req) => {
    const pr = need(req, ['supervisor']);
    const body = parse(AppointmentImport, req.body);
    const r = deps.appointments.importBookings(actorOf(req, pr), body.appointments);
    if (!r.ok) fail(r);
    // `flagged`: bookings of people who reached the repeated no-show policy (reported, never refused here).
    const policy = hall.config.settings.appointments.repeatedNoShow;
    return { imported: r.value.imported, flagged: r.value.flagged, repeatedNoShowPolicy: policy };
  });

  app.post(`${p}/appointments/check-in`, async (req, reply) => {
    const pr = need(req, ['kiosk', 'staff']);
    const body = parse(CheckInRequest, req.body);
    const r = await deps.appointments.checkIn(actorOf(req, pr), body);
    if (!r.ok) fail(r);
    return reply.code(201).send({ ticket: r.value });
  });

  // ── windows ──
  app.get(`${p}/windows`, async (req) => {
    need(req, ['staff']);
    return { windows: hall.windowStates().map((w) => ({ ...w, currentTicket: w.currentTicket })) };
  });

  const windowAction = (path: string, schema: z.ZodType, toCmd: (body: never) => WindowCommand) => {
    app.post(`${p}/windows/:id/${path}`, async (req: FastifyRequest, reply: FastifyReply) => {
      const pr = need(req, ['staff']);
      const { id } = parse(IdParam, req.params);
      const body = parse(schema, req.body) as never;
      const r = hall.windowCommand(actorOf(req, pr), id, toCmd(body));
      if (!r.ok) fail(r);
      if (path === 'call-next') return r.value.ticket ? { ticket: r.value.ticket } : reply.code(204).send();
      if (path === 'pause' || path === 'resume') return { window: r.value.window };
      return { ticket: r.value.ticket, window: r.value.window };
    });
  };
  windowAction('call-next', NoBody, () => ({ type: 'call-next' }));
  windowAction('recall', NoBody, () => ({ type: 'recall' }));
  windowAction('start', NoBody, () => ({ type: 'start' }));
  windowAction('finish', NoBody, () => ({ type: 'finish' }));
  windowAction('no-show', NoBody, () => ({ type: 'no-show' }));
  windowAction('suspend', NoBody, () => ({ type: 'suspend' }));
  windowAction('pause', PauseRequest, (b: z.infer<typeof PauseRequest>) => ({ type: 'pause', reason: b.reason }));
  windowAction('resume', NoBody, () => ({ type: 'unpause' }));
  windowAction('transfer', TransferRequest, (b: z.infer<typeof TransferRequest>) => ({
    type: 'transfer',
    categoryId: b.categoryId,
    windowId: b.windowId,
    note: b.note,
  }));
  windowAction('resume-ticket', z.object({ ticketId: z.string().min(1).max(64) }).strict(), (b: { ticketId: string }) => ({
    type: 'resume-ticket',
    ticketId: b.ticketId,
  }));
  // 一事一次办: the window holding the ticket sets one of its matters (受理, 办结, 转办, 需补件).
  app.post(`${p}/windows/:id/matters/:serviceId`, async (req) => {
    const pr = need(req, ['staff']);
    const { id, serviceId } = parse(z.object({ id: z.string().min(1).max(64), serviceId: z.string().min(1).max(64) }), req.params);
    const body = parse(MatterUpdateRequest, req.body);
    const r = hall.windowCommand(actorOf(req, pr), id, { type: 'update-matter', serviceId, status: body.status });
    if (!r.ok) fail(r);
    return { ticket: r.value.ticket, window: r.value.window };
  });
  windowAction('requeue', RequeueRequest, (b: z.infer<typeof RequeueRequest>) => ({
    type: 'requeue',
    ticketId: b.ticketId,
    position: b.position,
  }));

  app.post(`${p}/windows/:id/call-specific`, async (req) => {
    const pr = need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    const body = parse(CallSpecificRequest, req.body);
    const t = body.ticketId ? hall.queries.ticket(body.ticketId) : hall.queries.ticketByNumber(hall.today(), body.number ?? '');
    // An unknown ticket is reported only after the window check, so nothing leaks to the wrong caller.
    const r = hall.windowCommand(actorOf(req, pr), id, { type: 'call-specific', ticketId: t?.id ?? '' });
    if (!r.ok) fail(r);
    return { ticket: r.value.ticket, window: r.value.window };
  });

  app.post(`${p}/windows/:id/sign-in`, async (req) => {
    const pr = need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    parse(NoBody, req.body);
    const r = hall.signIn(actorOf(req, pr), id);
    if (!r.ok) fail(r);
    return { window: r.value };
  });

  app.post(`${p}/windows/:id/sign-out`, async (req) => {
    const pr = need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    parse(NoBody, req.body);
    const r = hall.signOut(actorOf(req, pr), id);
    if (!r.ok) fail(r);
    return { window: r.value };
  });

  /**
   * AB岗: the colleague taking over authenticates here; the window keeps its current ticket. A colleague
   * whose password was handed to them sets their own in the same request (`newPassword`), stored with the
   * hand-over or not at all; without it nothing changes and the answer is PASSWORD_CHANGE_REQUIRED.
   */
  app.post(`${p}/windows/:id/hand-over`, async (req) => {
    const pr = need(req, ['staff']);
    const { id } = parse(IdParam, req.params);
    const body = parse(HandOverRequest, req.body);
    const allowed = hall.precheckWindow(actorOf(req, pr), id, 'hand-over');
    if (!allowed.ok) fail(allowed);
    // One hash per hand-over: the password is verified once, and the token issued from that check.
    const v = await auth.verify(body.username, body.password, from(req));
    if (!v.ok) fail(v);
    const taking = await auth.prepareHandOver(v.account, body.password, body.newPassword, from(req));
    if (!taking.ok) fail(taking);
    const r = hall.handOver(actorOf(req, pr), id, taking.account, taking.store);
    if (!r.ok) fail(r);
    const login = auth.issueUserToken(taking.account, from(req), 'hand-over');
    return {
      window: r.value,
      token: login.token,
      role: login.role,
      displayName: login.displayName,
      mustChangePassword: login.mustChangePassword,
    };
  });

  app.put(`${p}/windows/:id/allocation`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(IdParam, req.params);
    const body = parse(AllocationRequest, req.body);
    const r = hall.setAllocation(actorOf(req, pr), id, {
      categories: body.categories,
      until: body.until ? Date.parse(body.until) : undefined,
      pinned: body.pinned,
    });
    if (!r.ok) fail(r);
    return { window: r.value };
  });

  // ── reports ──
  app.get(`${p}/stats`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(DateQuery, req.query);
    const date = q.date ?? hall.today();
    return dayStats(hall, date, deps.ratings.summary(date));
  });

  app.get(`${p}/events`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(z.object({ date: IsoDate.optional(), type: z.enum(AUDIT_EVENT_TYPES).optional() }).strict(), req.query);
    return { events: hall.queries.auditOfDay(q.date ?? hall.today(), q.type).map((e) => ({ ...e, at: hall.iso(e.at) })) };
  });

  app.get(`${p}/metrics`, async (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await deps.metrics()));

  app.get(`${p}/openapi.json`, async () => deps.openapi());

  /** The security audit log (admins): sign-ins, failed sign-ins, accounts, passwords, devices, alerts. */
  app.get(`${p}/audit`, async (req) => {
    need(req, ['admin']);
    const q = parse(z.object({ date: IsoDate.optional(), type: z.enum(['security']).default('security') }).strict(), req.query);
    const types = new Set<string>(SECURITY_AUDIT_TYPES);
    const events = hall.queries
      .auditOfDay(q.date ?? hall.today())
      .filter((e) => types.has(e.type))
      .map((e) => ({ ...e, at: hall.iso(e.at) }));
    return { events };
  });

  // ── accounts and devices ──
  app.get(`${p}/users`, async (req) => {
    need(req, ['admin']);
    return {
      users: auth.listAccounts().map((a) => ({
        ...a,
        passwordChangedAt: a.passwordChangedAt === null ? null : hall.iso(a.passwordChangedAt),
        createdAt: hall.iso(a.createdAt),
      })),
    };
  });

  app.post(`${p}/users`, async (req, reply) => {
    const pr = need(req, ['admin']);
    const body = parse(CreateUserRequest, req.body);
    if (auth.hasAccount(body.username)) throw new HttpError('USERNAME_TAKEN');
    const r = await auth.createAccount(body, pr.id, from(req));
    if (!r.ok) fail(r);
    return reply.code(201).send({ username: body.username, role: body.role });
  });

  const UserParam = z.object({ username: z.string().min(1).max(64) });
  app.post(`${p}/users/:username/password`, async (req, reply) => {
    const pr = need(req, ['admin']);
    const { username } = parse(UserParam, req.params);
    const body = parse(ResetPasswordRequest, req.body);
    const r = await auth.resetPassword(username, body.newPassword, pr.id, from(req));
    if (!r.ok) fail(r);
    return reply.code(204).send();
  });
  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(`${p}/users/:username/${action}`, async (req, reply) => {
      const pr = need(req, ['admin']);
      const { username } = parse(UserParam, req.params);
      parse(NoBody, req.body);
      const r = auth.setDisabled(username, disabled, pr.id, from(req));
      if (!r.ok) fail(r);
      return reply.code(204).send();
    });
  }

  app.post(`${p}/devices/pairing-codes`, async (req, reply) => {
    const pr = need(req, ['admin']);
    const body = parse(PairingCodeRequest, req.body);
    const deviceId = body.deviceId ?? `${body.kind}-${randomBytes(4).toString('hex')}`;
    const r = auth.createPairingCode(body.kind, body.name, deviceId, pr.id, from(req));
    return reply.code(201).send({ code: r.code, deviceId, expiresAt: hall.iso(r.expiresAt) });
  });

  app.post(`${p}/devices/pair`, async (req) => {
    const body = parse(PairRequest, req.body);
    const r = auth.pair(body.code, from(req));
    if (!r.ok) fail(r);
    return { token: r.token, deviceId: r.deviceId, kind: r.kind };
  });

  /** One-machine halls (the demo): a kiosk or display on this very machine pairs without a code. */
  app.post(`${p}/devices/pair-local`, async (req) => {
    const body = parse(
      z
        .object({
          kind: z.enum(['kiosk', 'display']),
          deviceId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
          name: z.string().min(1).max(40),
        })
        .strict(),
      req.body,
    );
    // Never for a proxied request: behind a reverse proxy on this machine every client would look local.
    if (!hall.config.settings.trustLoopbackDevices || !isDirectLoopback(req.socket.remoteAddress, req.headers))
      throw new HttpError('PAIRING_REQUIRED');
    return { ...auth.issueDeviceToken(body.deviceId, body.kind, body.name, from(req), 'local'), kind: body.kind };
  });

  /** Paired kiosks and hall screens, for the console's 设备配对 screen. */
  app.get(`${p}/devices`, async (req) => {
    need(req, ['admin']);
    return {
      devices: auth
        .devices()
        .map((d) => ({ ...d, createdAt: hall.iso(d.createdAt), revokedAt: d.revokedAt === null ? null : hall.iso(d.revokedAt) })),
    };
  });

  app.delete(`${p}/devices/:id`, async (req, reply) => {
    const pr = need(req, ['admin']);
    const { id } = parse(IdParam, req.params);
    if (!auth.revokeDevice(id, pr.id, from(req))) throw new HttpError('NOT_FOUND');
    return reply.code(204).send();
  });

  app.get(`${p}/business-date`, async () => ({ businessDate: businessDate(hall.now(), hall.timeZone) }));
}
