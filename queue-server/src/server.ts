/**
 * `createQueueServer(opts)`: the composition root (R8). It builds one hall server in dependency order —
 * database and repositories, the hall service, alerts and appointments, then the modules (好差评, supervisor,
 * devices, kiosk, counter), REST, realtime, pages and the scheduler — each from typed dependencies, and
 * starts listening. `main.ts` calls it; tests build the same app through it.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Registry, Gauge, Counter, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import type { HallConfig } from '@hall/contract';
import * as contract from '@hall/contract';
import { openDatabase, type Db } from './db/database.ts';
import { AccountRepository } from './db/account-repository.ts';
import { AlertRepository } from './db/alert-repository.ts';
import { AppointmentRepository } from './db/appointment-repository.ts';
import { SettingRepository } from './db/setting-repository.ts';
import { AuthService, hashPassword } from './services/auth-service.ts';
import { HallService, type TicketPrinter } from './hall/hall-service.ts';
import { isStorageError } from './hall/command-runner.ts';
import { AppointmentService } from './services/appointment-service.ts';
import { AlertService } from './services/alert-service.ts';
import type { HallModule, ModuleOptions } from './modules.ts';
import { ratingsModule, type RatingsModule } from './ratings/ratings-module.ts';
import { ratingCheckCode } from './ratings/check-code.ts';
import { supervisorModule, type SupervisorModule } from './supervisor/supervisor-module.ts';
import { DeviceAgent } from './devices/device-agent.ts';
import { kioskModule } from './kiosk/kiosk-routes.ts';
import { counterModule } from './counter/counter-routes.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { registerApiV1 } from './http/api-v1.ts';
import { backupNow, listBackups } from './services/backup.ts';
import { HttpError, bearer, sendError } from './http/respond.ts';
import { attachRealtime } from './realtime/realtime.ts';
import { createLogger, type Logger } from './log.ts';
import { WEB_ROOT_DIR } from './paths.ts';

export const WEB_ROOT = WEB_ROOT_DIR;

export interface ServerOptions {
  config: HallConfig;
  port?: number;
  host?: string;
  /** Folder for the database, virtual printer output and backups. */
  dataDir: string;
  /** Defaults to `<dataDir>/hall.sqlite`; `:memory:` for fast tests. */
  dbFile?: string;
  clock?: Clock;
  /** Printers by id; defaults to opening the config's printers with the printer module. */
  printers?: ReadonlyMap<string, TicketPrinter>;
  adminPassword?: string;
  /** Called once with a generated admin password (first start, no HALL_ADMIN_PASSWORD). */
  onGeneratedAdminPassword?: (password: string) => void;
  /** Intervals of the scheduler; 0 disables (tests drive `tick()` themselves). */
  tickMs?: number;
  /** Scheduled online backups: how many to keep (0 disables). Taken once per business date. */
  backupKeep?: number;
  /** Whether to start device buses (LED strips, keypads) from the config (default true). */
  startDevices?: boolean;
  /** Module options (outbox sink, device timings, allocator period). */
  modules?: ModuleOptions;
  log?: Logger;
}

export interface QueueServer {
  url: string;
  port: number;
  hall: HallService;
  auth: AuthService;
  alerts: AlertService;
  appointments: AppointmentService;
  ratings: RatingsModule;
  supervisor: SupervisorModule;
  devices: DeviceAgent;
  db: Db;
  app: FastifyInstance;
  config: HallConfig;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data: blob:; connect-src 'self' ws: wss:; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

const PAGES: Record<string, string> = {
  '/kiosk': 'kiosk/index.html',
  '/display': 'display/index.html',
  '/counter': 'console/counter/index.html',
  '/supervisor': 'console/supervisor/index.html',
};

function seedAccounts(accounts: AccountRepository, config: HallConfig, opts: ServerOptions, now: number): void {
  if (accounts.count() > 0) return;
  let password = opts.adminPassword;
  if (!password) {
    password = randomBytes(12).toString('base64url');
    opts.onGeneratedAdminPassword?.(password);
  }
  accounts.insert(
    {
      username: 'admin',
      displayName: '系统管理员',
      role: 'admin',
      passwordHash: hashPassword(password),
      certified: config.categories.map((c) => c.id),
    },
    now,
  );
  for (const s of config.staff) {
    if (s.username === 'admin' || !s.initialPassword) continue;
    accounts.insert(
      {
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        passwordHash: hashPassword(s.initialPassword),
        certified: s.certified,
      },
      now,
    );
  }
}

async function openPrinters(config: HallConfig, dataDir: string, log: Logger): Promise<Map<string, TicketPrinter>> {
  const map = new Map<string, TicketPrinter>();
  if (config.devices.printers.length === 0) return map;
  const mod = await import('@hall/printer');
  for (const p of config.devices.printers) {
    try {
      map.set(p.id, mod.openPrinter(p, { dataDir }) as unknown as TicketPrinter);
    } catch (err) {
      log.error({ printer: p.id, err: (err as Error).message }, 'printer could not be opened');
    }
  }
  return map;
}

export async function createQueueServer(opts: ServerOptions): Promise<QueueServer> {
  const log = opts.log ?? createLogger('queue:server');
  const clock = opts.clock ?? systemClock;
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(opts.dbFile ?? join(opts.dataDir, 'hall.sqlite'));
  const accounts = new AccountRepository(db);
  const settingsRepo = new SettingRepository(db);
  const appointmentsRepo = new AppointmentRepository(db);
  seedAccounts(accounts, opts.config, opts, clock.now());
  const auth = new AuthService(accounts, clock);
  const printers = opts.printers ?? (await openPrinters(opts.config, opts.dataDir, log));
  let publicUrl = opts.config.hall.publicUrl ?? '';
  const storedSalt = settingsRepo.get('salt')?.value;
  const salt = typeof storedSalt === 'string' ? storedSalt : randomBytes(16).toString('hex');
  if (typeof storedSalt !== 'string') settingsRepo.put('salt', salt, clock.now(), null);
  const hall = new HallService({
    db,
    config: opts.config,
    clock,
    accounts,
    settings: settingsRepo,
    appointments: appointmentsRepo,
    printers,
    log: createLogger('queue:hall'),
    publicUrl: () => publicUrl,
    ratingCheckCode: (token) => ratingCheckCode(token, salt),
  });
  const alerts = new AlertService(new AlertRepository(db), clock, opts.config.hall.timeZone);
  const appointments = new AppointmentService(appointmentsRepo, hall, salt);

  // ── modules, in dependency order ──
  const ratings = ratingsModule(
    { db, hall, alerts, clock, config: opts.config, dataDir: opts.dataDir, checkSecret: salt },
    opts.modules?.ratings,
  );
  const supervisor = supervisorModule(
    { hall, alerts, accounts, settings: settingsRepo, appointments, ratings: ratings.service },
    opts.modules?.supervisor,
  );
  const devices = new DeviceAgent(
    { hall, alerts, config: opts.config, ratings: ratings.service, startDevices: opts.startDevices !== false },
    opts.modules?.devices,
  );
  const modules: HallModule[] = [
    ratings,
    supervisor,
    devices,
    kioskModule({ hall, config: opts.config, alerts, appointments, printers, log }),
    counterModule({ hall, config: opts.config, ratings: ratings.service }),
  ];

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024, trustProxy: false, routerOptions: { maxParamLength: 200 } });

  // ── metrics ──
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hall_' });
  const waitingGauge = new Gauge({
    name: 'hall_tickets_waiting',
    help: 'Tickets waiting, by category',
    labelNames: ['category'],
    registers: [registry],
  });
  const estGauge = new Gauge({
    name: 'hall_estimated_wait_minutes',
    help: 'Estimated wait for a new ticket, by category',
    labelNames: ['category'],
    registers: [registry],
  });
  const windowsGauge = new Gauge({ name: 'hall_windows', help: 'Windows by status', labelNames: ['status'], registers: [registry] });
  const httpCounter = new Counter({
    name: 'hall_http_requests_total',
    help: 'HTTP requests by status class',
    labelNames: ['class'],
    registers: [registry],
  });
  const seqGauge = new Gauge({ name: 'hall_stream_seq', help: 'Hall stream sequence number', registers: [registry] });
  const outboxGauge = new Gauge({
    name: 'hall_ratings_outbox_pending',
    help: '好差评 records not yet delivered (补传 backlog)',
    registers: [registry],
  });
  const metrics = async () => {
    for (const q of hall.queueStats()) {
      waitingGauge.set({ category: q.categoryId }, q.waiting);
      estGauge.set({ category: q.categoryId }, q.estimatedWaitMinutes);
    }
    const counts = { open: 0, paused: 0, closed: 0 };
    for (const w of hall.queries.windowRecords()) counts[w.status] += 1;
    for (const [status, n] of Object.entries(counts)) windowsGauge.set({ status }, n);
    seqGauge.set(hall.seq);
    outboxGauge.set(ratings.outbox.stats().pending);
    return registry.metrics();
  };

  // ── request pipeline ──
  app.decorateRequest('principal', null);
  app.decorateRequest('authFailure', null);
  app.addHook('onRequest', async (req) => {
    const token = bearer(req);
    if (token === undefined) return;
    const r = auth.authenticate(token);
    if (r.ok) req.principal = r.principal;
    else req.authFailure = r;
  });
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    httpCounter.inc({ class: `${Math.floor(reply.statusCode / 100)}xx` });
    return payload;
  });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return sendError(reply, err.code, err.params, err.details);
    const e = err as { code?: string; statusCode?: number; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return sendError(reply, 'PAYLOAD_TOO_LARGE');
    if (
      e.code?.startsWith('FST_ERR_CTP') ||
      e.code === 'FST_ERR_VALIDATION' ||
      (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)
    ) {
      return sendError(reply, 'BAD_REQUEST');
    }
    if (isStorageError(err)) {
      alerts.raise('storage', 'critical', null, `数据库写入失败 (${e.code ?? ''})`);
      return sendError(reply, 'STORAGE_UNAVAILABLE');
    }
    log.error({ err: e.message, code: e.code, url: req.url.split('?')[0] }, 'unhandled error');
    return sendError(reply, 'INTERNAL');
  });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) return sendError(reply, 'NOT_FOUND', undefined, { route: `${req.method} ${req.url.split('?')[0]}` });
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><meta charset="utf-8"><title>404</title><p>页面不存在 / Page not found</p>');
  });

  // Every REST route, including the modules', goes into the OpenAPI document.
  const routes: Array<{ method: string; url: string }> = [];
  app.addHook('onRoute', (r) => {
    if (r.url.startsWith('/api/v1/'))
      for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m.toLowerCase(), url: r.url.slice('/api/v1'.length) });
  });
  for (const m of modules) m.register?.(app);

  registerApiV1(app, {
    hall,
    auth,
    appointments,
    alerts,
    ratings: ratings.service,
    metrics,
    openapi: () => buildOpenApi(opts.config.hall.name, routes),
    extraHealth: () => Object.assign({ printers: [...printers.keys()] }, ...modules.map((m) => m.health?.() ?? {})),
  });

  // ── pages ──
  const hasWeb = existsSync(WEB_ROOT);
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_ROOT, prefix: '/', index: false, wildcard: true, decorateReply: true });
  const sendPage = (file: string) => async (_req: unknown, reply: import('fastify').FastifyReply) => {
    if (!hasWeb || !existsSync(join(WEB_ROOT, file)))
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><p>页面尚未构建，请运行 <code>npm run build:web</code> / Pages not built: run npm run build:web</p>',
        );
    return reply.header('Cache-Control', 'no-cache').sendFile(file);
  };
  for (const [path, file] of Object.entries(PAGES)) app.get(path, sendPage(file));
  app.get('/t/:token', sendPage('kiosk/phone/index.html'));
  app.get('/', async (_req, reply) => reply.redirect('/display'));

  await app.listen({ port: opts.port ?? 8080, host: opts.host ?? '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 8080);
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  if (!publicUrl) publicUrl = url;
  const realtime = attachRealtime(app.server, { hall, auth, alerts, log: createLogger('queue:realtime') });
  for (const m of modules) await m.start?.();

  // ── scheduler ──
  const tickMs = opts.tickMs ?? 1000;
  let retentionAt = 0;
  let lastBackupDay = listBackups(opts.dataDir).length > 0 ? hall.today() : '';
  const backupKeep = opts.backupKeep ?? (opts.dbFile === ':memory:' ? 0 : 14);
  const timer =
    tickMs > 0
      ? setInterval(() => {
          try {
            hall.tick();
            hall.refreshEstimates(2);
            for (const m of modules) m.tick?.();
            if (clock.now() - retentionAt > 3600_000) {
              retentionAt = clock.now();
              hall.applyRetention();
            }
            const today = hall.today();
            if (backupKeep > 0 && today !== lastBackupDay) {
              lastBackupDay = today;
              backupNow(db, opts.dataDir, clock.now(), backupKeep).catch((err: unknown) => {
                alerts.raise('storage', 'warning', 'backup', `自动备份失败 / Scheduled backup failed: ${(err as Error).message}`);
              });
            }
          } catch (err) {
            log.error({ err: (err as Error).message }, 'scheduler tick failed');
          }
        }, tickMs)
      : null;
  timer?.unref();

  return {
    url,
    port,
    hall,
    auth,
    alerts,
    appointments,
    ratings,
    supervisor,
    devices,
    db,
    app,
    config: opts.config,
    async close() {
      if (timer) clearInterval(timer);
      hall.dispose();
      await realtime.close();
      for (const m of modules) await m.close?.();
      await app.close();
      for (const p of printers.values()) await (p as { close?: () => Promise<void> }).close?.();
      db.close();
    },
  };
}

/** The OpenAPI description of REST v1, with request schemas generated from the contract's zod schemas. */
export function buildOpenApi(title: string, registered: Array<{ method: string; url: string }> = []) {
  const schema = (s: z.ZodType) => {
    try {
      return z.toJSONSchema(s, { unrepresentable: 'any', io: 'input' });
    } catch {
      return { type: 'object' };
    }
  };
  const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
  const errorResponses = {
    '400': { description: 'Bad input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    '401': { description: 'Not signed in' },
    '403': { description: 'Not allowed' },
    '404': { description: 'Unknown id' },
    '409': { description: 'State does not allow it' },
  };
  const op = (summary: string, extra: Record<string, unknown> = {}) => ({
    summary,
    responses: { '200': { description: 'OK' }, ...errorResponses },
    ...extra,
  });
  const windowOps = ['call-next', 'recall', 'start', 'finish', 'no-show', 'suspend', 'resume', 'sign-in', 'sign-out'];
  const paths: Record<string, Record<string, unknown>> = {
    '/health': { get: op('Liveness and storage health', { security: [] }) },
    '/auth/login': { post: op('Sign in; returns a bearer token', { security: [], requestBody: body(contract.LoginRequest) }) },
    '/auth/logout': { post: op('Revoke this token') },
    '/auth/me': { get: op('Who this token is') },
    '/hall': { get: op('Categories, services (with guides), bundles and windows', { security: [] }) },
    '/hall/notices': { put: op('Set the scrolling notices (supervisor)') },
    '/tickets': {
      post: op(
        'Issue a ticket (kiosk device, staff+). Idempotent per idempotencyKey; with printerId it prints first (503 PRINTER_UNAVAILABLE: no ticket)',
        { requestBody: body(contract.IssueTicketRequest) },
      ),
      get: op('Tickets of a business date', {
        parameters: [
          { name: 'date', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'status', in: 'query', schema: { type: 'string', enum: [...contract.TICKET_STATUSES] } },
        ],
      }),
    },
    '/tickets/{id}': { get: op('One ticket') },
    '/tickets/{id}/form': { get: op('The kiosk form of a ticket, ID masked (staff at its window)') },
    '/public/tickets/{token}': { get: op('Progress of a ticket by its QR token (the phone page)', { security: [] }) },
    '/appointments': { post: op('Import appointments (supervisor)') },
    '/appointments/check-in': { post: op('预约签到 by code or ID number; issues an appointment-priority ticket') },
    '/windows': { get: op('Every window with status, skills, allocation and current ticket') },
    '/windows/{id}/pause': { post: op('Pause with a reason', { requestBody: body(contract.PauseRequest) }) },
    '/windows/{id}/transfer': {
      post: op('Send the current ticket to a category or a window, keeping its number and issue time', {
        requestBody: body(contract.TransferRequest),
      }),
    },
    '/windows/{id}/allocation': {
      put: op('Categories this window serves now (supervisor)', { requestBody: body(contract.AllocationRequest) }),
    },
    '/windows/{id}/call-specific': { post: op('指呼: call a specific ticket', { requestBody: body(contract.CallSpecificRequest) }) },
    '/windows/{id}/hand-over': { post: op('AB岗: a colleague takes over the window', { requestBody: body(contract.HandOverRequest) }) },
    '/windows/{id}/requeue': { post: op('Re-queue a no-show ticket', { requestBody: body(contract.RequeueRequest) }) },
    '/windows/{id}/resume-ticket': { post: op('Resume a suspended (挂起) ticket at this window') },
    '/ratings': {
      post: op('好差评 from the phone page, one per ticket', { security: [], requestBody: body(contract.RatingRequest) }),
      get: op('Ratings of a day (supervisor)'),
    },
    '/stats': { get: op('Day statistics (supervisor)') },
    '/events': { get: op('Audit log of a day (supervisor)') },
    '/metrics': { get: op('Prometheus metrics', { security: [] }) },
    '/users': { post: op('Create an account (admin)', { requestBody: body(contract.CreateUserRequest) }) },
    '/devices/pairing-codes': { post: op('Issue a single-use pairing code (admin)', { requestBody: body(contract.PairingCodeRequest) }) },
    '/devices/pair': { post: op('Exchange a pairing code for a device token', { security: [], requestBody: body(contract.PairRequest) }) },
    '/devices/{id}': { delete: op('Revoke a device (admin)') },
  };
  for (const a of windowOps) paths[`/windows/{id}/${a}`] = { post: op(`Window action: ${a}`) };
  for (const r of registered) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const entry = (paths[path] ??= {});
    entry[r.method] ??= op(`${r.method.toUpperCase()} ${path}`);
  }
  return {
    openapi: '3.1.0',
    info: { title: `${title} — hall-queue REST API`, version: '1.0.0' },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string', enum: Object.keys(contract.ERRORS) }, message: { type: 'string' } },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
