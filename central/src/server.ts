/**
 * The composition root of the central server: pool → migrations → accounts → halls → config → HTTP →
 * Socket.IO. `createCentral` returns once it accepts connections; `close()` ends it cleanly.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { businessDate } from '@hall/contract';
import { createPool, isConnectionError, type Db } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { AuthService } from './accounts/auth-service.ts';
import { HallService } from './halls/hall-service.ts';
import { ConfigRepository } from './config/config-repository.ts';
import { registerRoutes } from './http/routes.ts';
import { buildOpenApi } from './http/openapi.ts';
import { HttpError, bearer, sendError } from './http/respond.ts';
import { createRealtime, type Realtime } from './realtime/realtime.ts';
import { createLogger, type Logger } from './log.ts';

/** The built pages (`npm run build:web`); the city dashboard's is `dist/web/central/city/index.html`. */
const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');
const CITY_PAGE = 'central/city/index.html';

export interface CentralOptions {
  database: string;
  port?: number;
  host?: string;
  /** `CENTRAL_ADMIN_PASSWORD`: the `admin` password on first start. */
  adminPassword?: string | undefined;
  onGeneratedAdminPassword?: (pw: string) => void;
  /** The city's time zone, for "today" (default Asia/Shanghai). */
  timeZone?: string;
  log?: Logger;
}

export interface CentralContext {
  db: Db;
  auth: AuthService;
  halls: HallService;
  config: ConfigRepository;
  realtime: Realtime | null;
  schemaVersion: number;
  today(): string;
  openapi(): unknown;
}

export interface Central {
  readonly port: number;
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export async function createCentral(opts: CentralOptions): Promise<Central> {
  const log = opts.log ?? createLogger('central');
  const db = createPool(opts.database, log);
  const schemaVersion = await migrate(db);
  const auth = new AuthService(db);
  const generated = await auth.ensureAdmin(opts.adminPassword);
  if (generated) opts.onGeneratedAdminPassword?.(generated);
  const config = new ConfigRepository(db);
  const halls = new HallService(db, () => config.latestVersion());
  const tz = opts.timeZone ?? 'Asia/Shanghai';
  const routes: Array<{ method: string; url: string }> = [];
  const ctx: CentralContext = {
    db,
    auth,
    halls,
    config,
    realtime: null,
    schemaVersion,
    today: () => businessDate(Date.now(), tz),
    openapi: () => buildOpenApi(routes),
  };

  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  app.decorateRequest('centralPrincipal', null);
  app.decorateRequest('centralHallId', null);
  app.decorateRequest('centralAuthFailure', null);
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api/v1')) return;
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push({ method: m.toLowerCase(), url: r.url.slice('/api/v1'.length) });
  });
  app.addHook('onRequest', async (req) => {
    const token = bearer(req);
    if (!token) return;
    if (token.startsWith('hk_')) {
      const hallId = await halls.hallOfKey(token);
      if (hallId) req.centralHallId = hallId;
      else req.centralAuthFailure = { ok: false, code: 'UNAUTHENTICATED' };
      return;
    }
    const p = await auth.authenticate(token);
    if ('ok' in p) req.centralAuthFailure = p;
    else req.centralPrincipal = p;
  });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return sendError(reply, err.code, err.params, err.details);
    const e = err as { code?: string; statusCode?: number; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return sendError(reply, 'PAYLOAD_TOO_LARGE');
    if (e.code?.startsWith('FST_ERR_CTP') || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500))
      return sendError(reply, 'BAD_REQUEST');
    if (isConnectionError(err)) {
      log.warn({ err: e.message }, 'database unavailable');
      return sendError(reply, 'STORAGE_UNAVAILABLE');
    }
    log.error({ err: e.message, code: e.code, url: req.url.split('?')[0] }, 'unhandled error');
    return sendError(reply, 'INTERNAL');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 'NOT_FOUND', undefined, { route: `${req.method} ${req.url.split('?')[0]}` }));
  registerRoutes(app, ctx);

  // ── the /city page ──
  const hasWeb = existsSync(WEB_ROOT);
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_ROOT, prefix: '/', index: false, wildcard: true });
  app.get('/city', async (_req, reply) => {
    if (!hasWeb || !existsSync(join(WEB_ROOT, CITY_PAGE)))
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><p>页面尚未构建，请运行 <code>npm run build:web</code> / Pages not built: run npm run build:web</p>',
        );
    return reply.header('Cache-Control', 'no-cache').sendFile(CITY_PAGE);
  });
  app.get('/', async (_req, reply) => reply.redirect('/city'));

  try {
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
    ctx.realtime = await createRealtime(app.server, db, auth, log);
  } catch (err) {
    await app.close().catch(() => undefined);
    await db.end().catch(() => undefined);
    throw err;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 0);
  const host = opts.host ?? '127.0.0.1';
  return {
    port,
    url: `http://${host}:${port}`,
    app,
    async close() {
      await ctx.realtime?.close();
      await app.close();
      await db.end();
    },
  };
}
