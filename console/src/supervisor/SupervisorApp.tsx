/**
 * The supervisor console (大厅管理): a supervisor signs in and gets five screens — the live hall, window
 * allocation, alerts, reports and hall settings — over one /supervisor hall stream. The token lives in
 * sessionStorage only. Screens are addressed by the URL hash (#/hall, #/allocation, …) so a reload stays put.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@hall/ui';
import { useConsoleSession, type ConsoleSession } from '../shared/session.ts';
import { localMessage } from '../shared/messages.ts';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { HallMark } from '../shared/HallMark.tsx';
import { useNow } from '../shared/useNow.ts';
import { SupervisorContext, categoryName, useHallInfo, useSupervisorData } from './supervisor-data.ts';
import { HallView } from './HallView.tsx';
import { AllocationView } from './AllocationView.tsx';
import { AlertsView } from './AlertsView.tsx';
import { ReportsView } from './ReportsView.tsx';
import { SettingsView } from './SettingsView.tsx';

export const SESSION_KEY = 'hall.supervisor.session';
const SCREENS = ['hall', 'allocation', 'alerts', 'reports', 'settings'] as const;
type Screen = (typeof SCREENS)[number];

function screenFromHash(): Screen {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(h) ? (h as Screen) : 'hall';
}

export function SupervisorApp() {
  const [session, setSession] = useConsoleSession(SESSION_KEY);
  if (!session) return <Login onLogin={setSession} />;
  return <SignedIn key={session.token} session={session} setSession={setSession} />;
}

function SignedIn({ session, setSession }: { session: ConsoleSession; setSession: (s: ConsoleSession | null) => void }) {
  const { t, i18n } = useTranslation();
  const logout = useCallback(() => setSession(null), [setSession]);
  const data = useSupervisorData(session, logout);
  const [screen, setScreen] = useState<Screen>(screenFromHash);
  useEffect(() => {
    const on = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  useNow(1000);
  const now = Date.now() + (data.state?.clockSkewMs ?? 0);
  const tz = data.hall?.timeZone ?? 'Asia/Shanghai';
  const clock = new Intl.DateTimeFormat('zh-CN', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(now));
  const date = new Intl.DateTimeFormat(i18n.language.startsWith('en') ? 'en-GB' : 'zh-CN', {
    timeZone: tz,
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(now));
  const openAlerts = data.alerts.filter((a) => a.acknowledgedAt === null && a.kind !== 'allocation_proposal').length;
  const proposals = data.proposals?.proposals.length ?? 0;
  const fullLogout = async () => {
    await api('/auth/logout', { method: 'POST', body: {}, token: session.token }).catch(() => undefined);
    logout();
  };
  const isEn = i18n.language.startsWith('en');
  void categoryName;

  return (
    <SupervisorContext.Provider value={data}>
      <div className="sv-app">
        <header className="cs-header sv-header">
          <div className="cs-header-brand">
            <HallMark />
            <h1>
              {(isEn ? data.hall?.nameEn : data.hall?.name) ?? data.hall?.name ?? ''}
              <small>
                {t('app.title')} · {t('app.subtitle')}
              </small>
            </h1>
          </div>
          <div className="cs-header-spacer" />
          <div className={`sv-conn ${data.state?.connected ? 'is-on' : 'is-off'}`} data-testid="connection">
            <span className="cs-dot" />
            {data.state?.connected ? t('header.live') : t('header.offline')}
          </div>
          <div className="sv-clock">
            <b>{clock}</b>
            <span>{date}</span>
          </div>
          <div className="sv-user">
            <span className="sv-avatar">{session.displayName.slice(0, 1)}</span>
            <span>{session.displayName}</span>
          </div>
          <LangSwitch />
          <button type="button" className="sv-logout" onClick={fullLogout} data-testid="logout">
            {t('header.logout')}
          </button>
        </header>
        <nav className="sv-tabs" aria-label="screens">
          {SCREENS.map((s) => (
            <a
              key={s}
              href={`#/${s}`}
              className={screen === s ? 'is-on' : ''}
              data-testid={`nav-${s}`}
              aria-current={screen === s ? 'page' : undefined}
            >
              {t(`nav.${s}`)}
              {s === 'alerts' && openAlerts > 0 ? (
                <span className="sv-badge is-red" data-testid="nav-alerts-count">
                  {openAlerts}
                </span>
              ) : null}
              {s === 'allocation' && proposals > 0 ? <span className="sv-badge">{proposals}</span> : null}
            </a>
          ))}
          <div className="sv-tabs-spacer" />
          {data.state?.businessDate ? (
            <span className="sv-tabs-date">
              {t('header.businessDate')} {data.state.businessDate}
            </span>
          ) : null}
        </nav>
        <main className="sv-main" data-testid={`screen-${screen}`}>
          {screen === 'hall' ? <HallView /> : null}
          {screen === 'allocation' ? <AllocationView /> : null}
          {screen === 'alerts' ? <AlertsView /> : null}
          {screen === 'reports' ? <ReportsView /> : null}
          {screen === 'settings' ? <SettingsView /> : null}
        </main>
      </div>
    </SupervisorContext.Provider>
  );
}

function Login({ onLogin }: { onLogin: (s: ConsoleSession) => void }) {
  const { t, i18n } = useTranslation();
  const hall = useHallInfo();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isEn = i18n.language.startsWith('en');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (isBusy || !username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string; role: string; displayName: string }>('/auth/login', {
        body: { username: username.trim(), password },
      });
      if (r.role !== 'supervisor' && r.role !== 'admin') {
        await api('/auth/logout', { method: 'POST', body: {}, token: r.token }).catch(() => undefined);
        setError(t('login.notSupervisor'));
        setPassword('');
        return;
      }
      onLogin({ token: r.token, username: username.trim(), displayName: r.displayName, role: r.role });
    } catch (err) {
      setError(localMessage(err instanceof Error ? err.message : String(err), i18n.language));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sv-login cs-login-page">
      <div className="sv-login-art" aria-hidden="true">
        <div className="sv-login-art-inner">
          <HallMark size={72} />
          <div className="sv-login-hall">{(isEn ? hall?.nameEn : hall?.name) ?? hall?.name ?? ''}</div>
          <div className="sv-login-app">{t('app.title')}</div>
          <div className="sv-login-motto">{t('login.footer')}</div>
        </div>
      </div>
      <div className="sv-login-side">
        <div className="sv-login-top">
          <LangSwitch />
        </div>
        <form className="sv-login-card" onSubmit={submit} data-testid="login-form">
          <h2>{t('login.heading')}</h2>
          <label className="cs-field">
            <span>{t('login.username')}</span>
            <input
              className="cs-input"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </label>
          <label className="cs-field">
            <span>{t('login.password')}</span>
            <input
              className="cs-input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          {error ? (
            <div className="sv-login-error" role="alert" data-testid="login-error">
              {error}
            </div>
          ) : null}
          <button
            type="submit"
            className="cs-btn cs-btn-primary cs-btn-block sv-login-submit"
            disabled={isBusy || !username.trim() || !password}
            data-testid="login-submit"
          >
            {isBusy ? t('login.busy') : t('login.submit')}
          </button>
          <p className="sv-login-hint">{t('login.hint')}</p>
        </form>
      </div>
    </div>
  );
}
