/** REST v1 of the central server (every path under `/api/v1`). */
import type { FastifyInstance } from 'fastify';
import { ConfigBundle, ConfigBundleContent, UplinkBatch } from '@hall/contract';
import { z } from 'zod';
import type { CentralContext } from '../server.ts';
import { ingest } from '../ingest/ingest.ts';
import { cityDayStats, hallDayStats } from '../read-models/stats.ts';
import { hallLive } from '../read-models/live.ts';
import { cityWorkbook } from '../read-models/export.ts';
import { cityRatings } from '../read-models/ratings.ts';
import { hallRepository } from '../halls/hall-repository.ts';
import { HttpError, need, needHall, ok, parse } from './respond.ts';
import { CreateAccountRequest, CreateHallRequest, DateQuery, HallIdParam, LoginRequest } from './schemas.ts';

export const PublishConfigRequest = z
  .object({
    note: z.string().max(200).default(''),
    apply: ConfigBundle.shape.apply,
    content: ConfigBundleContent,
  })
  .strict();

export function registerRoutes(app: FastifyInstance, ctx: CentralContext): void {
  const p = '/api/v1';
  const today = () => ctx.today();

  app.post(`${p}/auth/login`, async (req) => {
    const b = parse(LoginRequest, req.body);
    const r = ok(await ctx.auth.login(b.username, b.password));
    return { token: r.token, role: r.role, expiresAt: r.expiresAt.toISOString() };
  });

  app.get(`${p}/accounts`, async (req) => {
    need(req, 'admin');
    return { accounts: await ctx.auth.repo.list() };
  });

  app.post(`${p}/accounts`, async (req, reply) => {
    need(req, 'admin');
    const b = parse(CreateAccountRequest, req.body);
    const account = ok(await ctx.auth.createAccount(b.username, b.password, b.role));
    return reply.code(201).send({ account });
  });

  app.post(`${p}/halls`, async (req, reply) => {
    need(req, 'admin');
    const b = parse(CreateHallRequest, req.body);
    return reply.code(201).send(ok(await ctx.halls.register(b.id, b.name)));
  });

  app.get(`${p}/halls`, async (req) => {
    need(req, 'auditor');
    return { halls: await ctx.halls.entries() };
  });

  app.post(`${p}/uplink`, async (req) => {
    const hallId = needHall(req);
    const batch = parse(UplinkBatch, req.body);
    const r = ok(await ingest(ctx.db, hallId, batch));
    if (r.changed) {
      const live = batch.live;
      ctx.realtime?.hallUpdated({
        hallId,
        ackSeq: r.ack.ackSeq,
        lastSeenAt: new Date().toISOString(),
        waiting: live ? live.queues.reduce((a, q) => a + q.waiting, 0) : null,
      });
    }
    return r.ack;
  });

  app.get(`${p}/halls/:id/stats`, async (req) => {
    need(req, 'auditor');
    const { id } = parse(HallIdParam, req.params);
    const q = parse(DateQuery, req.query);
    const s = await hallDayStats(ctx.db, id, q.date ?? today());
    if (!s) throw new HttpError('UNKNOWN_HALL', { id });
    return s;
  });

  app.get(`${p}/halls/:id/live`, async (req) => {
    need(req, 'auditor');
    const { id } = parse(HallIdParam, req.params);
    const l = await hallLive(ctx.db, id);
    if (!l) throw new HttpError('UNKNOWN_HALL', { id });
    return l;
  });

  /** Every hall's live summary at once (the city dashboard's list). */
  app.get(`${p}/city/live`, async (req) => {
    need(req, 'auditor');
    const ids = (await hallRepository.list(ctx.db)).map((h) => h.id);
    const halls = [];
    for (const id of ids) {
      const l = await hallLive(ctx.db, id);
      if (l) halls.push(l);
    }
    return { halls };
  });

  app.get(`${p}/city/stats`, async (req) => {
    need(req, 'auditor');
    const q = parse(DateQuery, req.query);
    return cityDayStats(ctx.db, q.date ?? today());
  });

  app.get(`${p}/city/ratings`, async (req) => {
    need(req, 'auditor');
    const q = parse(DateQuery, req.query);
    return cityRatings(ctx.db, q.date ?? today());
  });

  app.get(`${p}/city/export.xlsx`, async (req, reply) => {
    need(req, 'auditor');
    const q = parse(DateQuery, req.query);
    const date = q.date ?? today();
    const stats = await cityDayStats(ctx.db, date);
    const names = new Map((await hallRepository.list(ctx.db)).map((h) => [h.id, h.name]));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="city-${date}.xlsx"`)
      .send(await cityWorkbook(stats, names));
  });

  app.post(`${p}/config`, async (req, reply) => {
    const who = need(req, 'admin');
    const b = parse(PublishConfigRequest, req.body);
    const bundle = await ctx.config.publish({ publishedAt: Date.now(), note: b.note, apply: b.apply, content: b.content }, who.username);
    return reply.code(201).send(bundle);
  });

  /** For a hall (its key): the newest bundle, or 204. For people: the same, to read. */
  app.get(`${p}/config/latest`, async (req, reply) => {
    if (!req.centralHallId) need(req, 'auditor');
    const b = await ctx.config.latest();
    return b ? b : reply.code(204).send();
  });

  app.get(`${p}/health`, async () => ({ ok: true, schema: ctx.schemaVersion }));
  app.get(`${p}/openapi.json`, async () => ctx.openapi());
}
