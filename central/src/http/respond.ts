/** Edge helpers: parse with a schema, authorise, answer failures as `{error: {code, message, params?}}`. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams, type Failure } from '@hall/contract';
import type { z } from 'zod';
import { hasRole, type Principal } from '../accounts/auth-service.ts';
import type { CentralRole } from '../accounts/account-repository.ts';

export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params?: ErrorParams,
    readonly details?: unknown,
  ) {
    super(errorMessage(code, params));
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A central account signed in with a session token. */
    centralPrincipal: Principal | null;
    /** The hall whose key came as the bearer token. */
    centralHallId: string | null;
    centralAuthFailure: Failure | null;
  }
}

export function sendError(reply: FastifyReply, code: ErrorCode, params?: ErrorParams, details?: unknown): FastifyReply {
  const body: { error: { code: ErrorCode; message: string; params?: ErrorParams; details?: unknown } } = {
    error: { code, message: errorMessage(code, params) },
  };
  if (params !== undefined) body.error.params = params;
  if (details !== undefined) body.error.details = details;
  return reply.code(ERRORS[code].status).type('application/json; charset=utf-8').send(body);
}

export function isFailure(v: unknown): v is Failure {
  return typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false && typeof (v as { code?: unknown }).code === 'string';
}

/** Returns `v` unless it is a failure, which it throws as an HttpError. */
export function ok<T>(v: T | Failure): T {
  if (isFailure(v)) throw new HttpError(v.code, v.params);
  return v;
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError('VALIDATION_FAILED', { detail: issues.map((i) => `${i.path || 'body'} ${i.message}`).join('; ') }, issues);
  }
  return r.data;
}

/** A signed-in person with at least `role` (admin ⊇ supervisor ⊇ auditor). */
export function need(req: FastifyRequest, role: CentralRole): Principal {
  const p = req.centralPrincipal;
  if (!p) throw new HttpError(req.centralAuthFailure?.code ?? 'UNAUTHENTICATED', req.centralAuthFailure?.params);
  if (!hasRole(p, role)) throw new HttpError('FORBIDDEN');
  return p;
}

/** A hall, by its key. */
export function needHall(req: FastifyRequest): string {
  if (req.centralHallId) return req.centralHallId;
  throw new HttpError(req.centralAuthFailure?.code ?? 'UNAUTHENTICATED', req.centralAuthFailure?.params);
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  return /^Bearer\s+(\S+)$/i.exec(h)?.[1];
}
