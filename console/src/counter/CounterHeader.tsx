import { useTranslation } from 'react-i18next';
import { clockText } from '@hall/ui';
import type { HallInfo, WindowState } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { HallMark } from '../shared/HallMark.tsx';
import { Kbd } from '../shared/Kbd.tsx';

export function CounterHeader({
  hall,
  session,
  win,
  isConnected,
  now,
  onSignOut,
}: {
  hall: HallInfo;
  session: ConsoleSession;
  win: WindowState;
  isConnected: boolean;
  now: number;
  onSignOut: () => void;
}) {
  const { t, i18n } = useTranslation();
  const isEn = i18n.language.startsWith('en');
  const clock = clockText(now, hall.timeZone);
  return (
    <header className="cs-header ct-header">
      <div className="cs-header-brand">
        <HallMark />
        <h1>
          {isEn ? (hall.nameEn ?? hall.name) : hall.name}
          <small>{t('app.title')}</small>
        </h1>
      </div>
      <div className="ct-header-window" data-testid="header-window">
        <span className="ct-header-winnum">{win.number}</span>
        <span className="ct-header-winname">
          {isEn ? `Window ${win.number}` : win.name}
          {win.zone ? <small>{win.zone}</small> : null}
        </span>
        <span className={`cs-pill ct-status ct-status-${win.status}`} data-testid="window-status">
          <span className="cs-dot" />
          {t(`status.${win.status}`)}
        </span>
      </div>
      <div className="cs-header-spacer" />
      <div
        className={`ct-conn${isConnected ? '' : ' is-off'}`}
        title={isConnected ? t('header.online') : t('header.offline')}
        data-testid="conn"
      >
        <span className="cs-dot" />
        {isConnected ? t('header.online') : t('header.offline')}
      </div>
      <div className="ct-header-clock">
        <b>{clock.time}</b>
        <small>
          {clock.date} {clock.weekday}
        </small>
      </div>
      <div className="ct-header-staff" data-testid="header-staff">
        <small>{t('header.staff')}</small>
        <b>{win.staff?.displayName ?? session.displayName}</b>
      </div>
      <LangSwitch />
      <button type="button" className="ct-header-btn" onClick={onSignOut} data-testid="act-sign-out">
        {t('header.signOut')} <Kbd onDark>Alt+Q</Kbd>
      </button>
    </header>
  );
}
