/**
 * The working screen of one window: header, current ticket (or the pause panel), the side panel (queues,
 * suspended tickets, my day) and the action bar. Every action has a function key; dialogs take over the
 * keyboard while open (Esc cancels, Enter confirms).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, type HallState } from '@hall/ui';
import type { HallInfo, StaffCaseView, Ticket, TicketForm, WindowState } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { useHotkeys, type HotkeyMap } from '../shared/hotkeys.ts';
import { describeError } from '../shared/messages.ts';
import { useNow } from '../shared/useNow.ts';
import { allowedActions, callableBy, currentOf, suspendedAt, type CounterAction } from './counter-state.ts';
import { useCounterRules } from './hall-info.ts';
import { CounterHeader } from './CounterHeader.tsx';
import { TicketPanel, PausedPanel } from './TicketPanel.tsx';
import { SidePanel, type StaffDay } from './SidePanel.tsx';
import { ActionBar } from './ActionBar.tsx';
import { CallSpecificDialog, HandOverDialog, PauseDialog, SignOutDialog, TransferDialog } from './dialogs.tsx';

const FLASH_KEY = 'hall.counter.flash';

type DialogKind = 'pause' | 'transfer' | 'call-specific' | 'hand-over' | 'sign-out' | null;

export interface WorkbenchProps {
  hall: HallInfo;
  session: ConsoleSession;
  state: HallState;
  win: WindowState;
  onHandedOver: (s: ConsoleSession) => void;
  onSignedOut: () => void;
}

interface Flash {
  kind: 'ok' | 'error' | 'info';
  text: string;
  id: number;
}

export function Workbench({ hall, session, state, win, onHandedOver, onSignedOut }: WorkbenchProps) {
  const { t, i18n } = useTranslation();
  const rules = useCounterRules(session.token);
  const now = useNow(1000, state.clockSkewMs);
  const [dialog, setDialogState] = useState<DialogKind>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const setDialog = (d: DialogKind) => {
    setDialogError(null);
    setDialogState(d);
  };
  const [isBusy, setBusy] = useState(false);
  const [flash, setFlash] = useState<Flash | null>(null);
  const [day, setDay] = useState<StaffDay | null>(null);
  const [details, setDetails] = useState<{ id: string; ticket: Ticket | null; form: TicketForm | null; isLoading: boolean } | null>(null);
  const [checks, setChecks] = useState<Record<string, string[]>>({});
  const [pausedSince, setPausedSince] = useState<number | null>(null);
  const flashTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const cur = currentOf(win);
  const allowed = allowedActions(win, rules);
  const suspended = suspendedAt(win.id, state.tickets);
  const callable = callableBy(win, state.tickets);
  const token = session.token;

  const show = useCallback((kind: Flash['kind'], text: string) => {
    if (flashTimer.current) clearTimeout(flashTimer.current);
    setFlash({ kind, text, id: Date.now() });
    flashTimer.current = setTimeout(() => setFlash(null), kind === 'error' ? 8000 : 4000);
  }, []);
  useEffect(
    () => () => {
      if (flashTimer.current) clearTimeout(flashTimer.current);
    },
    [],
  );
  // A message carried over a remount (AB岗 hand-over swaps the session).
  useEffect(() => {
    const carried = sessionStorage.getItem(FLASH_KEY);
    if (carried) {
      sessionStorage.removeItem(FLASH_KEY);
      show('ok', carried);
    }
  }, [show]);

  const [cases, setCases] = useState<StaffCaseView[]>([]);
  const loadDay = useCallback(() => {
    api<StaffDay>('/me/day', { token })
      .then(setDay)
      .catch(() => undefined);
    // 差评整改 about this window: the complaint and the work on it, never who rated.
    api<{ cases: StaffCaseView[] }>(`/counter/cases?windowId=${encodeURIComponent(win.id)}`, { token })
      .then((r) => setCases(r.cases))
      .catch(() => undefined);
  }, [token, win.id]);
  useEffect(() => {
    loadDay();
    const id = setInterval(loadDay, 30_000);
    return () => clearInterval(id);
  }, [loadDay]);

  // The current ticket's full record (transfer note) and its kiosk form, fetched once per ticket.
  const curId = cur?.id ?? null;
  useEffect(() => {
    if (!curId) {
      setDetails(null);
      return undefined;
    }
    let isLive = true;
    setDetails({ id: curId, ticket: null, form: null, isLoading: true });
    (async () => {
      const r = await api<{ ticket: Ticket }>(`/tickets/${curId}`, { token });
      const form = r.ticket.hasForm ? (await api<{ form: TicketForm | null }>(`/tickets/${curId}/form`, { token })).form : null;
      if (isLive) setDetails({ id: curId, ticket: r.ticket, form, isLoading: false });
    })().catch(() => {
      if (isLive) setDetails({ id: curId, ticket: null, form: null, isLoading: false });
    });
    return () => {
      isLive = false;
    };
  }, [curId, token]);

  // How long the window has been paused, as seen from this console.
  useEffect(() => {
    const key = `hall.counter.pausedSince.${win.id}`;
    if (win.status !== 'paused') {
      sessionStorage.removeItem(key);
      setPausedSince(null);
      return;
    }
    const stored = Number(sessionStorage.getItem(key));
    const since = Number.isFinite(stored) && stored > 0 ? stored : Date.now() + state.clockSkewMs;
    sessionStorage.setItem(key, String(since));
    setPausedSince(since);
  }, [win.status, win.id, state.clockSkewMs]);

  const errorText = (err: unknown) => {
    if (err instanceof ApiError && err.code === 'NETWORK') return t('errors.network');
    return describeError(err, i18n.language);
  };

  /** Runs one action; the server's message is shown on failure. Resolves true on success. */
  const run = async <T,>(fn: () => Promise<T>, ok?: (r: T) => string | null): Promise<boolean> => {
    if (isBusy) return false;
    setBusy(true);
    try {
      const r = await fn();
      const text = ok?.(r);
      if (text) show('ok', text);
      loadDay();
      return true;
    } catch (err) {
      const text = errorText(err);
      show('error', text);
      if (dialog !== null) setDialogError(text);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const post = <T,>(path: string, body: unknown = {}) => api<T>(`/windows/${win.id}/${path}`, { method: 'POST', body, token });
  type TicketReply = { ticket: Ticket | null };

  /** Why a shortcut did nothing: the rule, so nobody has to guess. */
  const whyNot = (a: CounterAction): string => {
    const calls = cur?.callCount ?? 0;
    if (!cur && ['recall', 'start', 'finish', 'no-show', 'suspend', 'transfer'].includes(a)) return t('why.none');
    switch (a) {
      case 'call-next':
        return win.status === 'paused' ? t('why.call-next-paused') : t('why.call-next');
      case 'recall':
        return cur?.status === 'called' ? t('why.recall', { n: rules.recallCap + 1 }) : t('why.generic');
      case 'no-show':
        return t('why.no-show', { n: rules.noShowAfterCalls, calls });
      case 'pause':
        return win.status === 'paused' ? t('why.generic') : t('why.pause');
      case 'call-specific':
        return win.status === 'paused' ? t('why.call-next-paused') : t('why.call-specific');
      default:
        return t('why.generic');
    }
  };

  const act = (a: CounterAction) => {
    if (isBusy) return;
    if (!allowed[a]) {
      show('info', whyNot(a));
      return;
    }
    const num = cur?.number ?? '';
    switch (a) {
      case 'call-next':
        void run(
          () => post<TicketReply | null>('call-next'),
          (r) => {
            if (r?.ticket) return t('toast.called', { number: r.ticket.number });
            // 204 while tickets wait: the dispatcher leaves cross-skill tickets to a faster idle window.
            show('info', callable.length > 0 ? t('toast.emptyOthers') : t('toast.empty'));
            return null;
          },
        );
        break;
      case 'recall':
        void run(
          () => post<TicketReply>('recall'),
          () => t('toast.recalled', { number: num }),
        );
        break;
      case 'start':
        void run(
          () => post<TicketReply>('start'),
          () => t('toast.started', { number: num }),
        );
        break;
      case 'finish':
        void run(
          () => post<TicketReply>('finish'),
          () => t('toast.finished', { number: num }),
        );
        break;
      case 'no-show':
        void run(
          () => post<TicketReply>('no-show'),
          () => t('toast.noShow', { number: num }),
        );
        break;
      case 'suspend':
        void run(
          () => post<TicketReply>('suspend'),
          () => t('toast.suspended', { number: num }),
        );
        break;
      case 'resume':
        void run(
          () => post('resume'),
          () => t('toast.unpaused'),
        );
        break;
      case 'transfer':
      case 'pause':
      case 'call-specific':
      case 'hand-over':
      case 'sign-out':
        setDialog(a);
        break;
      case 'resume-ticket':
        break;
    }
  };

  const resumeTicket = (ticketId: string, number: string) => {
    if (!allowed['resume-ticket']) return;
    void run(
      () => post<TicketReply>('resume-ticket', { ticketId }),
      () => t('toast.resumed', { number }),
    );
  };

  const hotkeys: HotkeyMap = {
    F1: () => act('call-next'),
    F2: () => act('recall'),
    F3: () => act('start'),
    F4: () => act('finish'),
    F5: () => act('no-show'),
    F6: () => act('suspend'),
    F7: () => act('transfer'),
    F8: () => act(win.status === 'paused' ? 'resume' : 'pause'),
    F9: () => act('call-specific'),
    F10: () => act('hand-over'),
    'Alt+Q': () => setDialog('sign-out'),
  };
  suspended.slice(0, 9).forEach((s, i) => {
    hotkeys[`Alt+${i + 1}`] = () => resumeTicket(s.id, s.number);
  });
  useHotkeys(hotkeys, dialog === null);

  const closeDialog = () => setDialog(null);

  return (
    <div className="ct-page" data-testid="workbench" data-busy={isBusy ? 'true' : 'false'}>
      <CounterHeader
        hall={hall}
        session={session}
        win={win}
        isConnected={state.connected}
        now={now}
        onSignOut={() => setDialog('sign-out')}
      />
      <main className="ct-main">
        <section className="ct-work">
          {win.status === 'paused' ? (
            <PausedPanel
              reason={win.pauseReason ?? ''}
              since={pausedSince}
              now={now}
              rules={rules}
              onResume={() => act('resume')}
              isBusy={isBusy}
            />
          ) : (
            <TicketPanel
              hall={hall}
              ticket={cur}
              upcoming={callable}
              details={details && details.id === cur?.id ? details : null}
              now={now}
              rules={rules}
              checked={cur ? (checks[cur.id] ?? []) : []}
              mayServe={win.skills}
              isBusy={isBusy}
              onMatter={(serviceId, status) =>
                void run(
                  () => post<TicketReply>(`matters/${serviceId}`, { status }),
                  () => t('toast.matter', { number: cur?.number ?? '', status: t(`matter.${status}`) }),
                )
              }
              onToggle={(key) =>
                cur &&
                setChecks((c) => {
                  const list = c[cur.id] ?? [];
                  return { ...c, [cur.id]: list.includes(key) ? list.filter((k) => k !== key) : [...list, key] };
                })
              }
            />
          )}
        </section>
        <SidePanel
          hall={hall}
          win={win}
          state={state}
          suspended={suspended}
          day={day}
          cases={cases}
          now={now}
          canResumeTicket={allowed['resume-ticket'] && !isBusy}
          onResumeTicket={resumeTicket}
        />
      </main>
      <footer className="ct-footer">
        <div className="ct-flash-row" aria-live="polite">
          {flash ? (
            <div
              key={flash.id}
              className={`ct-flash ct-flash-${flash.kind}`}
              role={flash.kind === 'error' ? 'alert' : 'status'}
              data-testid={flash.kind === 'error' ? 'counter-error' : flash.kind === 'info' ? 'counter-info' : 'counter-toast'}
            >
              {flash.kind === 'error' ? '⚠ ' : flash.kind === 'info' ? 'ⓘ ' : '✓ '}
              {flash.text}
            </div>
          ) : null}
        </div>
        <ActionBar win={win} rules={rules} allowed={allowed} isBusy={isBusy} onAct={act} />
      </footer>

      {dialog === 'pause' ? (
        <PauseDialog
          reasons={rules.pauseReasons}
          error={dialogError}
          onCancel={closeDialog}
          onConfirm={async (reason) => {
            if (
              await run(
                () => post('pause', { reason }),
                () => t('toast.paused'),
              )
            )
              closeDialog();
          }}
          isBusy={isBusy}
        />
      ) : null}
      {dialog === 'transfer' && cur ? (
        <TransferDialog
          hall={hall}
          error={dialogError}
          ticket={cur}
          win={win}
          windows={state.windows}
          onCancel={closeDialog}
          isBusy={isBusy}
          onConfirm={async (to) => {
            if (
              await run(
                () => post('transfer', to),
                () => t('toast.transferred', { number: cur.number }),
              )
            )
              closeDialog();
          }}
        />
      ) : null}
      {dialog === 'call-specific' ? (
        <CallSpecificDialog
          hall={hall}
          error={dialogError}
          token={token}
          callable={callable}
          onCancel={closeDialog}
          isBusy={isBusy}
          onCall={async (number) =>
            run(
              () => post<TicketReply>('call-specific', { number }),
              (r) => t('toast.called', { number: r.ticket?.number ?? number }),
            )
          }
          onRequeue={async (ticketId, number) =>
            run(
              () => post('requeue', { ticketId }),
              () => t('specificDlg.requeued', { number }),
            )
          }
          onDone={closeDialog}
        />
      ) : null}
      {dialog === 'hand-over' ? (
        <HandOverDialog
          ticketNumber={cur?.number ?? null}
          onCancel={closeDialog}
          errorText={errorText}
          onConfirm={async (username, password, newPassword) => {
            const r = await post<{ token: string; role: string; displayName: string }>('hand-over', {
              username,
              password,
              ...(newPassword !== undefined ? { newPassword } : {}),
            });
            closeDialog();
            sessionStorage.setItem(FLASH_KEY, t('toast.handedOver', { name: r.displayName }));
            onHandedOver({ token: r.token, username, displayName: r.displayName, role: r.role });
            void api('/auth/logout', { method: 'POST', body: {}, token }).catch(() => undefined);
          }}
        />
      ) : null}
      {dialog === 'sign-out' ? (
        <SignOutDialog
          windowName={win.name}
          error={dialogError}
          hasTicket={cur !== null}
          onCancel={closeDialog}
          isBusy={isBusy}
          onConfirm={async () => {
            if (await run(() => post('sign-out'))) {
              closeDialog();
              onSignedOut();
            }
          }}
        />
      ) : null}
    </div>
  );
}
