/** Shared edge helpers: parse with a contract schema, authorise, and answer in the spec's error shape. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, errorMessage, type ErrorCode, type ErrorParams, type Failure } from '@hall/contract';
import type { z } from 'zod';
import { hasRole, type Principal } from '../services/auth-service.ts';
import type { TokenRole } from '../db/account-repository.ts';
import type { Actor } from '../hall/actor.ts';
import type { ClientAddress } from '../services/auth-service.ts';

/** An expected failure thrown out of a route handler; the error handler answers it in the spec's shape. */
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
    principal: Principal | null;
    authFailure: Failure | null;
  }
}

/** `{error: {code, message, params?, details?}}` with the code's status. Clients choose words by code and params. */
export function sendError(reply: FastifyReply, code: ErrorCode, params?: ErrorParams, details?: unknown): FastifyReply {
  const body: { error: { code: ErrorCode; message: string; params?: ErrorParams; details?: unknown } } = {
    error: { code, message: errorMessage(code, params) },
  };
  if (params !== undefined) body.error.params = params;
  if (details !== undefined) body.error.details = details;
  return reply.code(ERRORS[code].status).type('application/json; charset=utf-8').send(body);
}

export function fail(f: Failure): never {
  throw new HttpError(f.code, f.params);
}

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    const issues = r.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new HttpError('VALIDATION_FAILED', { detail: issues.map((i) => `${i.path || 'body'} ${i.message}`).join('; ') }, issues);
  }
  return r.data;
}

/**
 * Requires one of the roles (admin ⊇ supervisor ⊇ staff; device roles match only themselves). A user who
 * must change a handed-over password may do only that (routes pass `passwordChange: true`).
 */
export function need(req: FastifyRequest, roles: readonly TokenRole[], opts: { passwordChange?: boolean } = {}): Principal {
  const p = req.principal;
  if (!p) throw new HttpError(req.authFailure?.code ?? 'UNAUTHENTICATED', req.authFailure?.params);
  if (p.mustChangePassword && !opts.passwordChange) throw new HttpError('PASSWORD_CHANGE_REQUIRED');
  if (!hasRole(p, roles)) throw new HttpError('FORBIDDEN');
  return p;
}

export function actorOf(req: FastifyRequest, p: Principal): Actor {
  return { kind: p.kind, id: p.id, role: p.role, source: `rest ${req.ip}` };
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

export const isLoopback = (ip: string) => ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1' || ip.startsWith('127.');

/** Whether a request carries a proxy's forwarding headers (then it is never "this machine"). */
export function isProxied(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined;
}

/**
 * This very machine: the connection comes from loopback and no proxy forwarded it. A reverse proxy on the
 * same machine makes every client look local, so a forwarded request is never this machine.
 */
export function isDirectLoopback(remoteAddress: string | undefined, headers: Record<string, string | string[] | undefined>): boolean {
  return remoteAddress !== undefined && isLoopback(remoteAddress) && !isProxied(headers);
}

/** The client's address (through trusted proxies when `trustProxy` is set) and whether it is the hall's console. */
export function clientOf(req: FastifyRequest, consoleAddresses: readonly string[] = []): ClientAddress {
  const direct = isDirectLoopback(req.socket.remoteAddress, req.headers);
  return { ip: req.ip, console: direct || (consoleAddresses.includes(req.ip) && !isLoopback(req.ip)) };
}
