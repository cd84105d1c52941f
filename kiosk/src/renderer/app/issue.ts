/**
 * Taking a number without ever taking two: each citizen action gets one idempotency key, reused when the
 * same request is retried (a repeated tap, a timeout), and a new one for a different request (e.g. the
 * on-screen fallback without a printer). The button is disabled while a request is in flight, and a second
 * call while pending is ignored.
 */
import { useCallback, useRef, useState } from 'react';
import { api, ApiError, newIdempotencyKey } from '@hall/ui';
import type { IssuedTicket as Ticket } from '@hall/contract';

export type IssuePath = '/tickets' | '/appointments/check-in';

export interface IssueOutcome {
  ticket?: Ticket;
  error?: ApiError;
}

/** Pure: the key for this request — the previous one when the request is the same, else a fresh one. */
export function keyFor(prev: { body: string; key: string } | null, body: string, fresh: () => string): { body: string; key: string } {
  return prev && prev.body === body ? prev : { body, key: fresh() };
}

export function useIssue(token: string | null) {
  const [pending, setPending] = useState(false);
  const pendingRef = useRef(false);
  const last = useRef<{ body: string; key: string } | null>(null);

  const issue = useCallback(
    async (path: IssuePath, body: Record<string, unknown>): Promise<IssueOutcome | null> => {
      if (pendingRef.current) return null;
      pendingRef.current = true;
      setPending(true);
      const k = keyFor(last.current, `${path} ${JSON.stringify(body)}`, newIdempotencyKey);
      last.current = k;
      performance.mark('kiosk:tap');
      try {
        const r = await api<{ ticket: Ticket }>(path, { body: { ...body, idempotencyKey: k.key }, token });
        last.current = null;
        return { ticket: r.ticket };
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err));
        // A definitive answer ends the action; only a lost request keeps its key for the retry.
        if (e.code !== 'NETWORK' && e.code !== 'INTERNAL' && e.code !== 'PRINTER_UNAVAILABLE') last.current = null;
        return { error: e };
      } finally {
        pendingRef.current = false;
        setPending(false);
      }
    },
    [token],
  );

  return { issue, pending };
}
