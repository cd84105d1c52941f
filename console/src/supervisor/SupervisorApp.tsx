/**
 * The supervisor console (大厅管理): a supervisor signs in and gets five screens — the live hall, window
 * allocation, alerts, reports and hall settings — (an admin a sixth: 账号与安全, accounts and the security log) over one /supervisor hall stream. The token lives in
 * sessionStorage only. Screens are addressed by the URL hash (#/hall, #/allocation, …) so a reload stays put.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@hall/ui';
import { useConsoleSession, type ConsoleSession } from '../shared/session.ts';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { HallMark } from '../shared/HallMark.tsx';
import { LoginCard } from '../shared/LoginCard.tsx';
import { useHallInfo } from '../shared/useHallInfo.ts';
import { useNow } from '../shared/useNow.ts';
import { SupervisorContext, categoryName, useSupervisorData } from './supervisor-data.ts';
import { HallView } from './HallView.tsx';
import { AllocationView } from './AllocationView.tsx';
import { AlertsView } from './AlertsView.tsx';
import { ReportsView } from './ReportsView.tsx';
import { CasesView } from './CasesView.tsx';
import { ProvinceView } from './ProvinceView.tsx';
import { SettingsView } from './SettingsView.tsx';
import { UplinkBadge } from './UplinkBadge.tsx';
import { DevicesView } from './DevicesView.tsx';
import { AccountsView } from './AccountsView.tsx';
import { WhatIfView } from './WhatIfView.tsx';

export const SESSION_KEY = 'hall.supervisor.session';
const SCREENS = ['hall', 'allocation', 'alerts', 'cases', 'reports', 'whatif', 'province', 'settings', 'devices', 'accounts'] as const;
type Screen = (typeof SCREENS)[number];
/** 账号与安全 is for admins only. */
const screensFor = (role: string): readonly Screen[] => (role === 'admin' ? SCREENS : SCREENS.filter((s) => s !== 'accounts'));

function screenFromHash(role: string): Screen {
  const h = window.location.hash.replace(/^#\/?/, '');
  return (screensFor(role) as readonly string[]).includes(h) ? (h as Screen) : 'hall';
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
  const [screen, setScreen] = useState<Screen>(() => screenFromHash(session.role));
  useEffect(() => {
    const on = () => setScreen(screenFromHash(session.role));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, [session.role]);
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
  const caseAlerts = data.alerts.filter(
    (a) => a.acknowledgedAt === null && (a.kind === 'bad_rating' || a.kind === 'rectification_overdue' || a.kind === 'rating_appeal'),
  ).length;
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
          <UplinkBadge timeZone={tz} />
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
          {screensFor(session.role).map((s) => (
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
              {s === 'cases' && caseAlerts > 0 ? (
                <span className="sv-badge is-red" data-testid="nav-cases-count">
                  {caseAlerts}
                </span>
              ) : null}
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
          {screen === 'cases' ? <CasesView /> : null}
          {screen === 'reports' ? <ReportsView /> : null}
          {screen === 'whatif' ? <WhatIfView /> : null}
          {screen === 'province' ? <ProvinceView /> : null}
          {screen === 'settings' ? <SettingsView /> : null}
          {screen === 'devices' ? <DevicesView /> : null}
          {screen === 'accounts' ? <AccountsView me={session.username} /> : null}
        </main>
      </div>
    </SupervisorContext.Provider>
  );
}

function Login({ onLogin }: { onLogin: (s: ConsoleSession) => void }) {
  const { t } = useTranslation();
  const hall = useHallInfo();
  /** Only supervisors and admins may use this console: any other account's new session is signed out again. */
  const refusal = async (s: ConsoleSession): Promise<string | null> => {
    if (s.role === 'supervisor' || s.role === 'admin') return null;
    await api('/auth/logout', { method: 'POST', body: {}, token: s.token }).catch(() => undefined);
    return t('login.notSupervisor');
  };
  return <LoginCard hall={hall} classPrefix="sv" markSize={72} refusal={refusal} onLogin={onLogin} />;
}
