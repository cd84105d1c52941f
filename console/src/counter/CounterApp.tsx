/**
 * The counter console (窗口工作台): staff sign in, pick a window that matches their certifications, and work it.
 * Live state comes from the /counter hall stream (with the staff token); actions go through REST, whose 409
 * messages are shown as they are. The token lives in sessionStorage only.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, useHallStream } from '@hall/ui';
import type { HallInfo } from '@hall/contract';
import { useConsoleSession, type ConsoleSession } from '../shared/session.ts';
import { useSwallowFunctionKeys } from '../shared/hotkeys.ts';
import { describeError } from '../shared/messages.ts';
import { useHallInfo } from '../shared/useHallInfo.ts';
import { LoginScreen } from './LoginScreen.tsx';
import { WindowPicker } from './WindowPicker.tsx';
import { Workbench } from './Workbench.tsx';

export const SESSION_KEY = 'hall.counter.session';

interface Me {
  id: string;
  role: string;
  displayName: string;
  certified: string[];
  windowId: string | null;
}

export function CounterApp() {
  const [session, setSession] = useConsoleSession(SESSION_KEY);
  const hall = useHallInfo();
  useSwallowFunctionKeys();
  if (!session) return <LoginScreen hall={hall} onLogin={setSession} />;
  return <SignedIn key={session.token} session={session} setSession={setSession} hall={hall} />;
}

function SignedIn({
  session,
  setSession,
  hall,
}: {
  session: ConsoleSession;
  setSession: (s: ConsoleSession | null) => void;
  hall: HallInfo | null;
}) {
  const { t, i18n } = useTranslation();
  const [me, setMe] = useState<Me | null>(null);
  const [windowId, setWindowId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [hasSeenMine, setHasSeenMine] = useState(false);
  const logout = useCallback(() => setSession(null), [setSession]);

  useEffect(() => {
    let isLive = true;
    api<Me>('/auth/me', { token: session.token })
      .then((m) => {
        if (!isLive) return;
        setMe(m);
        setWindowId(m.windowId);
      })
      .catch((err: unknown) => {
        if (isLive && err instanceof ApiError && err.status === 401) logout();
      });
    return () => {
      isLive = false;
    };
  }, [session.token, logout]);

  const streamOpts = useMemo(
    () => ({ namespace: '/counter' as const, token: session.token, onAuthError: () => logout() }),
    [session.token, logout],
  );
  const { state } = useHallStream(streamOpts);
  const win = state?.windows.find((w) => w.id === windowId) ?? null;

  // Signed out or handed over from elsewhere (a supervisor, or AB岗 on another PC): back to the picker.
  useEffect(() => {
    if (!win) return;
    if (win.staff?.username === session.username) {
      setHasSeenMine(true);
    } else if (hasSeenMine) {
      setHasSeenMine(false);
      setWindowId(null);
      setNotice(t('errors.signedOutElsewhere'));
    }
  }, [win, session.username, hasSeenMine, t]);

  const signIn = async (id: string) => {
    try {
      await api(`/windows/${id}/sign-in`, { method: 'POST', body: {}, token: session.token });
      setNotice(null);
      setHasSeenMine(false);
      setWindowId(id);
    } catch (err) {
      setNotice(describeError(err, i18n.language));
    }
  };

  const fullLogout = async () => {
    await api('/auth/logout', { method: 'POST', body: {}, token: session.token }).catch(() => undefined);
    logout();
  };

  if (!me || !hall || !state?.ready)
    return (
      <div className="ct-loading" data-testid="counter-loading">
        <div className="ct-spinner" />
        {t('login.busy')}
      </div>
    );
  if (!windowId || !win) {
    return (
      <WindowPicker
        hall={hall}
        session={session}
        certified={me.role === 'staff' ? me.certified : hall.categories.map((c) => c.id)}
        windows={state.windows}
        notice={notice}
        onPick={signIn}
        onLogout={fullLogout}
      />
    );
  }
  return <Workbench hall={hall} session={session} state={state} win={win} onHandedOver={(s) => setSession(s)} onSignedOut={fullLogout} />;
}
