/**
 * The supervisor console's live data, shared by every screen through one React context: hall info (names,
 * colours), the /supervisor hall stream (windows, queues, tickets), open alerts, allocation proposals and
 * the per-window allowed categories. Socket events make things appear at once; REST polling (every 10 s)
 * catches what sockets do not announce (an alert cleared by a rule, a proposal withdrawn).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, useHallStream, type HallState, type HallStream } from '@hall/ui';
import type { Alert, HallInfo } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { describeError } from '../shared/messages.ts';
import { useNow } from '../shared/useNow.ts';
import { useHallInfo } from '../shared/useHallInfo.ts';

export interface Proposal {
  id: string;
  windowId: string;
  windowName: string;
  from: string[];
  to: string[];
  reason: string;
  summary: string;
  proposedAt: string;
}
export interface ProposalsView {
  mode: 'off' | 'advisory' | 'automatic';
  evaluatedAt: string | null;
  proposals: Proposal[];
}
export interface AllocationWindow {
  id: string;
  skills: string[];
  home: string;
  allowed: string[];
  staff: string | null;
  pinned: boolean;
  until: string | null;
  base: string[] | null;
  changedAt: string | null;
}
export type AlertRow = Alert & { clearedAt?: string | null; acknowledgedByName?: string | null };

export interface SupervisorData {
  session: ConsoleSession;
  hall: HallInfo | null;
  state: HallState | null;
  stream: HallStream | null;
  alerts: AlertRow[];
  proposals: ProposalsView | null;
  allocationWindows: Map<string, AllocationWindow>;
  /** Server time now (ms), from the snapshot's clock skew. */
  serverNow: () => number;
  refreshAlerts: () => void;
  refreshProposals: () => void;
  refreshAllocation: () => void;
  call: <T>(path: string, opts?: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown }) => Promise<T>;
}

export const SupervisorContext = createContext<SupervisorData | null>(null);

export function useSupervisor(): SupervisorData {
  const v = useContext(SupervisorContext);
  if (!v) throw new Error('useSupervisor outside SupervisorContext');
  return v;
}

/** Polls `fn` every `everyMs` and whenever `trigger` changes; returns the latest value and a reload. */
function usePoll<T>(fn: () => Promise<T>, everyMs: number, trigger: unknown): [T | null, () => void] {
  const [value, setValue] = useState<T | null>(null);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  }, [fn]);
  const load = useCallback(() => {
    fnRef
      .current()
      .then(setValue)
      .catch(() => undefined);
  }, []);
  useEffect(() => {
    load();
    const id = setInterval(load, everyMs);
    return () => clearInterval(id);
  }, [load, everyMs, trigger]);
  return [value, load];
}

export function useSupervisorData(session: ConsoleSession, onUnauthorised: () => void): SupervisorData {
  const hall = useHallInfo();
  const streamOpts = useMemo(
    () => ({ namespace: '/supervisor' as const, token: session.token, onAuthError: () => onUnauthorised() }),
    [session.token, onUnauthorised],
  );
  const { state, stream } = useHallStream(streamOpts);

  const call = useCallback(
    async <T>(path: string, opts: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {}): Promise<T> => {
      try {
        return await api<T>(path, { ...opts, token: session.token });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) onUnauthorised();
        throw err;
      }
    },
    [session.token, onUnauthorised],
  );

  // Socket alert events change `state.alerts`; each one triggers a re-read of the authoritative list.
  const loadAlerts = useCallback(() => call<{ alerts: AlertRow[] }>('/alerts'), [call]);
  const loadProposals = useCallback(() => call<ProposalsView>('/allocation/proposals'), [call]);
  const loadAllocation = useCallback(() => call<{ windows: AllocationWindow[] }>('/allocation/windows'), [call]);
  const [alertsBody, refreshAlerts] = usePoll(loadAlerts, 10_000, state?.alerts);
  const [proposals, refreshProposals] = usePoll(loadProposals, 10_000, state?.alerts);
  const staffKey =
    state?.windows
      .map((w) => `${w.id}:${w.staff?.username ?? ''}:${w.allocation.join('+')}:${w.allocationUntil ?? ''}:${w.allocationPinned}`)
      .join('|') ?? '';
  const [allocBody, refreshAllocation] = usePoll(loadAllocation, 60_000, staffKey);

  const skew = state?.clockSkewMs ?? 0;
  const serverNow = useCallback(() => Date.now() + skew, [skew]);
  const allocationWindows = useMemo(() => new Map((allocBody?.windows ?? []).map((w) => [w.id, w])), [allocBody]);

  return {
    session,
    hall,
    state,
    stream,
    alerts: alertsBody?.alerts ?? [],
    proposals,
    allocationWindows,
    serverNow,
    refreshAlerts,
    refreshProposals,
    refreshAllocation,
    call,
  };
}

/**
 * Server time (ms), re-rendering every second. Computed from the latest clock skew at each render (not
 * captured when the timer started), so the first second after the snapshot already shows server time.
 */
export function useServerNow(): number {
  const { state } = useSupervisor();
  useNow(1000);
  return Date.now() + (state?.clockSkewMs ?? 0);
}

/** Names and colours of categories, in the UI language. */
export function useCategories() {
  const { hall } = useSupervisor();
  return useMemo(() => new Map((hall?.categories ?? []).map((c) => [c.id, c])), [hall]);
}

export function categoryName(c: { name: string; nameEn?: string | undefined } | undefined, lang: string, fallback = ''): string {
  if (!c) return fallback;
  return lang.startsWith('en') ? (c.nameEn ?? c.name) : c.name;
}

/** `HH:MM` of an ISO instant or epoch in the hall's time zone. */
export function hhmm(at: string | number, timeZone = 'Asia/Shanghai'): string {
  const d = typeof at === 'number' ? new Date(at) : new Date(at);
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/**
 * Error text of a failed call, in the UI language, chosen by its code. A validation failure lists what was
 * wrong with each field: the schemas of the settings write their rule as `中文 / English`, and the console
 * shows the half in its language after the field's label.
 */
export function errorText(err: unknown, lang: string, fieldLabel?: (path: string) => string | undefined): string {
  if (err instanceof ApiError && err.code === 'VALIDATION_FAILED' && Array.isArray(err.details) && err.details.length > 0) {
    const en = lang.startsWith('en');
    const parts = (err.details as Array<{ path?: string; message?: string }>).map((d) => {
      const label = d.path ? fieldLabel?.(d.path) : undefined;
      const [zh, english] = (d.message ?? '').split(' / ');
      const rule = english !== undefined ? (en ? english : zh) : '';
      return [label, rule].filter((x) => x).join(en ? ': ' : '：');
    });
    if (parts.some((p) => p !== '')) return parts.filter((p) => p !== '').join(en ? '; ' : '；');
  }
  return describeError(err, lang);
}
