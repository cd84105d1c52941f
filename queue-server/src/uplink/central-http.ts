/**
 * The two calls a hall makes to its central server, with the hall key as bearer token:
 * `POST /api/v1/uplink` (a batch → an ack) and `GET /api/v1/config/latest` (a bundle, or nothing).
 */
import { z } from 'zod';
import type { UplinkAck, UplinkBatch } from '@hall/contract';

export interface CentralTarget {
  /** Base URL, e.g. `https://city.example.gov.cn` (no trailing slash). */
  url: string;
  hallId: string;
  key: string;
}

export type FetchLike = typeof fetch;

const Ack = z.object({
  ackSeq: z.number().int().nonnegative(),
  epoch: z.string(),
  stored: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  missing: z
    .array(z.object({ from: z.number().int().positive(), to: z.number().int().positive() }))
    .max(10_000)
    .default([]),
});

/** A failed call: a short reason for health and logs (never a stack). */
export class CentralError extends Error {}

function reasonOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

async function call(fetchImpl: FetchLike, url: string, init: RequestInit, timeoutMs: number, stop?: AbortSignal): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await fetchImpl(url, { ...init, signal: stop ? AbortSignal.any([timeout, stop]) : timeout });
  } catch (err) {
    throw new CentralError(reasonOf(err));
  }
}

export async function postBatch(
  t: CentralTarget,
  batch: UplinkBatch,
  fetchImpl: FetchLike,
  timeoutMs: number,
  stop?: AbortSignal,
): Promise<UplinkAck> {
  const res = await call(
    fetchImpl,
    `${t.url}/api/v1/uplink`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` },
      body: JSON.stringify(batch),
    },
    timeoutMs,
    stop,
  );
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    throw new CentralError(res.ok ? `unreadable answer (${reasonOf(err)})` : `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
    throw new CentralError(`HTTP ${res.status}${typeof code === 'string' ? ` ${code.slice(0, 40)}` : ''}`);
  }
  const ack = Ack.safeParse(body);
  if (!ack.success) throw new CentralError('the central answered with no valid acknowledgement');
  return ack.data;
}

/** The newest published bundle as JSON (validated by the caller), or null for 204. */
export async function fetchLatestConfig(t: CentralTarget, fetchImpl: FetchLike, timeoutMs: number, stop?: AbortSignal): Promise<unknown> {
  const res = await call(fetchImpl, `${t.url}/api/v1/config/latest`, { headers: { authorization: `Bearer ${t.key}` } }, timeoutMs, stop);
  if (res.status === 204) return null;
  if (!res.ok) throw new CentralError(`HTTP ${res.status}`);
  try {
    return (await res.json()) as unknown;
  } catch {
    throw new CentralError('the published configuration is not JSON');
  }
}
