/**
 * 好差评 REST routes under /api/v1 (interfaces.md §2 `POST /ratings`, `GET /ratings`, plus additive routes for
 * kiosks, the phone page and the supervisor console). Thin handlers (R8): parse → authorise → service.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AppealDecision,
  AppealRequest,
  FollowUpRequest,
  AdvanceCaseRequest,
  CaseListQuery,
  DateQuery,
  KioskRatingCheckRequest,
  KioskRatingRequest,
  MetricsQuery,
  RatingRequest,
} from '@hall/contract';
import { actorOf, fail, need, parse } from '../http/respond.ts';
import type { RatingService } from './rating-service.ts';

const TokenParam = z.object({ token: z.string().min(10).max(100) });
const CaseParam = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/) });

export function registerRatingRoutes(app: FastifyInstance, ratings: RatingService): void {
  const p = '/api/v1';

  /** The phone page: anyone holding the ticket's token. 201 with the rating; 409 on a second one. */
  app.post(`${p}/ratings`, async (req, reply) => {
    const body = parse(RatingRequest, req.body);
    const r = ratings.rateByToken(body.token, body);
    if (!r.ok) fail(r);
    return reply.code(201).send({ rating: r.value });
  });

  /** A kiosk's 评价 first screen: may this ticket be rated? (proof: QR token, or number + check code) */
  app.post(`${p}/ratings/kiosk/check`, async (req) => {
    const pr = need(req, ['kiosk']);
    const body = parse(KioskRatingCheckRequest, req.body);
    const r = ratings.checkAtKiosk(body, pr.id);
    if (!r.ok) fail(r);
    return { ticket: r.value };
  });

  /** A kiosk's 评价 screen: the same proof as the check, then the rating. */
  app.post(`${p}/ratings/kiosk`, async (req, reply) => {
    const pr = need(req, ['kiosk']);
    const body = parse(KioskRatingRequest, req.body);
    const r = ratings.rateAtKiosk({ number: body.number, checkCode: body.checkCode, token: body.token }, body, pr.id);
    if (!r.ok) fail(r);
    return reply.code(201).send({ rating: r.value });
  });

  app.get(`${p}/ratings`, async (req) => {
    need(req, ['supervisor']);
    const q = parse(DateQuery, req.query);
    return { ratings: ratings.list(q.date ?? ratings.today()) };
  });

  app.get(`${p}/ratings/metrics`, async (req) => {
    need(req, ['supervisor']);
    const r = ratings.metrics(parse(MetricsQuery, req.query));
    if (!r.ok) fail(r);
    return r.value;
  });

  /** Whether the phone page should show the form, or say it is already rated. */
  app.get(`${p}/public/ratings/:token`, async (req) => {
    const { token } = parse(TokenParam, req.params);
    const r = ratings.statusByToken(token);
    if (!r.ok) fail(r);
    return r.value;
  });

  app.get(`${p}/rectifications`, async (req) => {
    need(req, ['supervisor']);
    const r = ratings.listCases(parse(CaseListQuery, req.query));
    if (!r.ok) fail(r);
    return { cases: r.value };
  });

  app.get(`${p}/rectifications/:id`, async (req) => {
    need(req, ['supervisor']);
    const { id } = parse(CaseParam, req.params);
    const r = ratings.getCase(id);
    if (!r.ok) fail(r);
    return { case: r.value };
  });

  /** 申诉: a supervisor asks to exclude a malicious 差评 (the rating stays as it is). */
  app.post(`${p}/rectifications/:id/appeal`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(CaseParam, req.params);
    const body = parse(AppealRequest, req.body);
    const r = ratings.requestAppeal(id, body.reason, actorOf(req, pr));
    if (!r.ok) fail(r);
    return { case: r.value };
  });

  /** 复核: a second supervisor approves or rejects the appeal. */
  app.post(`${p}/rectifications/:id/appeal/decide`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(CaseParam, req.params);
    const body = parse(AppealDecision, req.body);
    const r = ratings.decideAppeal(id, body, actorOf(req, pr));
    if (!r.ok) fail(r);
    return { case: r.value };
  });

  /** The counter: cases about the window the staff member is signed in at (never who rated). */
  app.get(`${p}/counter/cases`, async (req) => {
    const pr = need(req, ['staff']);
    const { windowId } = parse(z.object({ windowId: z.string().min(1).max(40) }).strict(), req.query);
    if (pr.role === 'staff' && ratings.signedInAt(windowId) !== pr.id) fail({ ok: false, code: 'NOT_AT_WINDOW' });
    return { cases: ratings.casesForWindow(windowId) };
  });

  /** 追评 from the phone page once the case of the ticket's 差评 is closed. */
  app.post(`${p}/ratings/follow-up`, async (req, reply) => {
    const body = parse(FollowUpRequest, req.body);
    const r = ratings.followUp(body.token, body);
    if (!r.ok) fail(r);
    return reply.code(201).send({ followUp: r.value });
  });

  app.post(`${p}/rectifications/:id/advance`, async (req) => {
    const pr = need(req, ['supervisor']);
    const { id } = parse(CaseParam, req.params);
    const body = parse(AdvanceCaseRequest, req.body);
    const r = ratings.advance(id, body, actorOf(req, pr));
    if (!r.ok) fail(r);
    return { case: r.value };
  });
}
