/**
 * Browser-side REST client for `/api/v1`: JSON in, JSON out, errors as `ApiError` with the server's code and
 * parameters. Pages choose their words by code (`describeError`), never from the message text.
 */
import type { ErrorCode, ErrorParams, Lang } from '@hall/contract';
import { errorText } from '@hall/contract/src/errors.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
    readonly params?: ErrorParams,
  ) {
    super(message);
  }
}

const NETWORK_TEXT: Record<Lang, string> = { zh: '网络连接中断，请稍后再试', en: 'Network unavailable; try again shortly' };

/** The words for a failure in the page's language, chosen by its code. */
export function describeError(err: unknown, lang: string): string {
  const l: Lang = lang.startsWith('en') ? 'en' : 'zh';
  if (err instanceof ApiError) return err.code === 'NETWORK' ? NETWORK_TEXT[l] : errorText(err.code, err.params, l);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return errorText(code, (err as { params?: ErrorParams }).params, l);
  return errorText('INTERNAL', undefined, l);
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  token?: string | null;
  signal?: AbortSignal;
}

export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: opts.method ?? (opts.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: opts.body !== undefined ? JSON.stringify(opts.body) : null,
      signal: opts.signal ?? null,
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `${NETWORK_TEXT.zh} / ${NETWORK_TEXT.en}`);
  }
  if (res.status === 204) return null as T;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; details?: unknown; params?: ErrorParams } } | null)?.error;
    throw new ApiError(res.status, (e?.code as ErrorCode) ?? 'INTERNAL', e?.message ?? `HTTP ${res.status}`, e?.details, e?.params);
  }
  return body as T;
}

/** A random idempotency key for one citizen action (a repeated tap reuses it). */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
