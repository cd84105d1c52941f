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
import { createHallMetrics } from './metrics.ts';
import type { HallConfig } from '@hall/contract';
import * as contract from '@hall/contract';
import { openDatabase, type Db } from './db/database.ts';
import { AccountRepository } from './db/account-repository.ts';
import { AlertRepository } from './db/alert-repository.ts';
import { AppointmentRepository } from './db/appointment-repository.ts';
import { SettingRepository } from './db/setting-repository.ts';
import { AuthService } from './services/auth-service.ts';
import { hashPassword, passwordProblem } from './services/passwords.ts';
import { lockDataDir } from './services/data-lock.ts';
import { ok } from './hall/actor.ts';
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
import { uplinkModule, type CentralTarget, type UplinkModule } from './uplink/uplink-module.ts';
import { systemClock, type Clock } from './services/clock.ts';
import { buildOpenApi } from './http/openapi.ts';
export { buildOpenApi };
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
  /** Overrides `hall.publicUrl` (the `--public-url` flag). Required when `host` is not loopback. */
  publicUrl?: string;
  /**
   * Fastify's `trustProxy` (the `--trust-proxy` flag): which reverse proxies' X-Forwarded-* headers to
   * believe, e.g. `127.0.0.1` for nginx or Caddy on the same machine. Default false.
   */
  trustProxy?: boolean | string;
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
  /** The city's central server this hall uplinks to (`--central`, `--hall-id`, `--hall-key`); none: off. */
  central?: CentralTarget;
  /** Socket limits (tests and benchmarks lower them). */
  realtime?: Partial<import('./realtime/realtime.ts').RealtimeLimits>;
  /** Module options (outbox sink, device timings, allocator period, uplink timers). */
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
  uplink: UplinkModule;
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

/** The hall's trustProxy setting as Fastify takes it (a hop count becomes "the nearest n hops"). */
export function trustProxyOption(t: HallConfig['settings']['trustProxy']): boolean | string[] | ((addr: string, i: number) => boolean) {
  return typeof t === 'number' ? (_addr: string, i: number) => i < t : t;
}

export class WeakAdminPasswordError extends Error {}

/**
 * First start: the admin account and the configured staff. Their passwords are handed over (a config file,
 * an environment variable, a printed line), so outside the demo hall each must be changed at its first
 * sign-in. A weak admin password is refused outright. Hashes run in parallel on the thread pool.
 */
async function seedAccounts(accounts: AccountRepository, config: HallConfig, opts: ServerOptions, now: number): Promise<void> {
  if (accounts.count() > 0) return;
  let password = opts.adminPassword;
  if (password) {
    const problem = passwordProblem(password, 'admin');
    if (problem)
      throw new WeakAdminPasswordError(
        `HALL_ADMIN_PASSWORD is too weak (${contract.errorMessage(problem.code, problem.params)}); choose at least 10 characters that are not a common password`,
      );
  } else {
    password = randomBytes(12).toString('base64url');
    opts.onGeneratedAdminPassword?.(password);
  }
  const handedOver = !config.settings.demo;
  const staff = config.staff.filter((s) => s.username !== 'admin' && s.initialPassword);
  const [adminHash, ...staffHashes] = await Promise.all([password, ...staff.map((s) => s.initialPassword as string)].map(hashPassword));
  accounts.insert(
    {
      username: 'admin',
      displayName: '系统管理员',
      role: 'admin',
      passwordHash: adminHash as string,
      certified: config.categories.map((c) => c.id),
      mustChangePassword: handedOver,
    },
    now,
  );
  staff.forEach((s, i) =>
    accounts.insert(
      {
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        passwordHash: staffHashes[i] as string,
        certified: s.certified,
        mustChangePassword: handedOver,
      },
      now,
    ),
  );
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

/** The server refuses to start (a configuration that would misbehave on a hall's LAN). */
export class StartupRefused extends Error {
  constructor(
    readonly code: contract.ErrorCode,
    readonly params: contract.ErrorParams,
  ) {
    super(`${code}: ${contract.errorMessage(code, params)}`);
    this.name = 'StartupRefused';
  }
}

export async function createQueueServer(opts: ServerOptions): Promise<QueueServer> {
  const log = opts.log ?? createLogger('queue:server');
  const clock = opts.clock ?? systemClock;
  const configuredUrl = opts.publicUrl ?? opts.config.hall.publicUrl;
  const urlRefusal = contract.checkPublicUrl(configuredUrl, opts.host ?? '127.0.0.1');
  if (urlRefusal) throw new StartupRefused(urlRefusal.code, urlRefusal.params);
  mkdirSync(opts.dataDir, { recursive: true });
  const unlock = lockDataDir(opts.dataDir);
  let db: Db;
  try {
    db = openDatabase(opts.dbFile ?? join(opts.dataDir, 'hall.sqlite'), {
      onBackup: (file) => log.info({ file }, 'database backed up before applying migrations'),
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const accounts = new AccountRepository(db);
  const settingsRepo = new SettingRepository(db);
  const appointmentsRepo = new AppointmentRepository(db);
  try {
    await seedAccounts(accounts, opts.config, opts, clock.now());
  } catch (err) {
    db.close();
    unlock();
    throw err;
  }
  const auth = new AuthService(accounts, clock);
  const printers = opts.printers ?? (await openPrinters(opts.config, opts.dataDir, log));
  let publicUrl = configuredUrl ? contract.normalisePublicUrl(configuredUrl) : '';
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
  // Security events reach the audit log on the one command path (their own transaction each).
  const securityLog = createLogger('queue:security');
  const audit = (e: import('./db/event-log.ts').LoggedEvent) => {
    try {
      const r = hall.command((tx) => {
        tx.log(e);
        return ok(undefined);
      });
      if (!r.ok) securityLog.warn({ type: e.type, code: r.code }, 'audit event not stored');
    } catch (err) {
      securityLog.error({ type: e.type, err: (err as Error).message }, 'audit event not stored');
    }
  };
  auth.setAudit(audit);
  alerts.setAudit(audit);
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
  const uplink = uplinkModule(
    {
      db,
      hall,
      alerts,
      settings: settingsRepo,
      central: opts.central,
      onLocalSettingsChanged: (cb) =>
        supervisor.settings.onChange((section) => (section === 'calendar' || section === 'thresholds' ? cb() : undefined)),
    },
    opts.modules?.uplink,
  );
  const modules: HallModule[] = [
    ratings,
    supervisor,
    devices,
    uplink,
    kioskModule({ hall, config: opts.config, alerts, appointments, printers, log }),
    counterModule({ hall, config: opts.config, ratings: ratings.service }),
  ];

  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    // Off by default: behind a reverse proxy the hall names which proxies to believe (the `--trust-proxy`
    // flag, else settings.trustProxy).
    trustProxy: opts.trustProxy ?? trustProxyOption(opts.config.settings.trustProxy),
    routerOptions: { maxParamLength: 200 },
  });

  // ── metrics ── (queue-server/src/metrics.ts; the module health is read at scrape time)
  let extraHealth: () => Record<string, unknown> = () => ({});
  const hallMetrics = createHallMetrics({
    queueStats: () => hall.queueStats(),
    windowStatuses: () => hall.queries.windowRecords().map((w) => w.status),
    seq: () => hall.seq,
    health: () => extraHealth(),
    uplink: () => uplink.status(),
    now: () => clock.now(),
  });
  const httpCounter = hallMetrics.httpRequests;
  const metrics = () => hallMetrics.render();

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
    extraHealth: (extraHealth = () => Object.assign({ printers: [...printers.keys()] }, ...modules.map((m) => m.health?.() ?? {}))),
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
  const realtime = attachRealtime(app.server, { hall, auth, alerts, log: createLogger('queue:realtime'), ...opts.realtime });
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
    uplink,
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
      unlock();
    },
  };
}
