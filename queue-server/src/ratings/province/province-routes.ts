/**
 * Supervisor routes for the provincial interface:
 * - `GET /province/codes` — the mapping tables, with every local id that still needs a code;
 * - `PUT /province/codes {kind, localId, code}` — set (or, with an empty code, remove) one mapping;
 * - `GET /ratings/outbox` — the 补传 log: the sink, pending count, oldest, attempts and the records waiting.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HallService } from '../../hall/hall-service.ts';
import { actorOf, fail, need, parse } from '../../http/respond.ts';
import type { OutboxStore } from '../outbox.ts';
import { CODE_KINDS, type ProvinceCodeRepository } from './province-codes.ts';

const PutCode = z
  .object({
    kind: z.enum(CODE_KINDS),
    localId: z.string().trim().min(1).max(60),
    code: z
      .string()
      .trim()
      .max(60)
      .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, . _ -'),
  })
  .strict();

export function registerProvinceRoutes(
  app: FastifyInstance,
  deps: { codes: ProvinceCodeRepository; outbox: OutboxStore; sink: () => string; hall: HallService },
): void {
  const p = '/api/v1';
  app.get(`${p}/province/codes`, async (req) => {
    need(req, ['supervisor']);
    const c = deps.hall.config;
    return {
      codes: deps.codes.all(),
      localIds: {
        hall: ['hall'],
        category: c.categories.map((x) => x.id),
        service: c.services.map((x) => x.id),
        staff: c.staff.map((x) => x.username),
      },
    };
  });
  app.put(`${p}/province/codes`, async (req) => {
    const pr = need(req, ['supervisor']);
    const actor = actorOf(req, pr);
    const body = parse(PutCode, req.body);
    // On the one command path: the mapping and its audit event commit together.
    const r = deps.hall.command((tx) => {
      deps.codes.put(body.kind, body.localId, body.code, tx.now, actor.id);
      tx.log({
        type: 'province.code_set',
        actor: actor.id,
        source: actor.source,
        ticketId: null,
        windowId: null,
        data: { kind: body.kind, localId: body.localId, code: body.code },
      });
      return { ok: true, value: null };
    });
    if (!r.ok) fail(r);
    return { codes: deps.codes.all() };
  });
  app.get(`${p}/ratings/outbox`, async (req) => {
    need(req, ['supervisor']);
    return { sink: deps.sink(), ...deps.outbox.stats(), backlog: deps.outbox.backlog() };
  });
}
