import { useTranslation } from 'react-i18next';
import { clockText } from '@hall/ui';
import { Bi } from './Bi.tsx';
import { SoundGate } from './SoundGate.tsx';
import { useServerNow } from './useServerNow.ts';

/** Hall name, and the date, weekday and time on the server's clock (local time plus the stream's skew). */
export function Header({
  name,
  nameEn,
  timeZone,
  clockSkewMs,
  connected,
  ready,
  soundBlocked,
  onEnableSound,
}: {
  name: string;
  nameEn: string | undefined;
  timeZone: string;
  clockSkewMs: number;
  connected: boolean;
  ready: boolean;
  soundBlocked: boolean;
  onEnableSound: () => void;
}) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  const now = useServerNow(clockSkewMs);
  const { date, time, weekday } = clockText(now, timeZone, english ? 'en' : 'zh');
  return (
    <header className="header">
      <div className="brand">
        <div className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 48 48">
            <path d="M24 5 4 15v4h40v-4zM8 22h5v15H8zm9 0h5v15h-5zm9 0h5v15h-5zm9 0h5v15h-5zM4 39h40v4H4z" fill="currentColor" />
          </svg>
        </div>
        <div className="brand-text">
          <div className="hall-name" data-testid="display-hall-name">
            {english && nameEn ? nameEn : name}
          </div>
          {nameEn && !english ? (
            <div className="hall-name-en" lang="en">
              {nameEn}
            </div>
          ) : null}
        </div>
      </div>
      <div className="header-title">
        <Bi k="screenTitle" />
      </div>
      <div className="header-right">
        <div className="status-pills">
          {soundBlocked ? <SoundGate onEnable={onEnableSound} /> : null}
          {!connected ? (
            <div className="offline" role="status" data-testid="display-offline">
              <span className="offline-dot" aria-hidden="true" />
              <Bi k={ready ? 'offline' : 'connecting'} inline />
            </div>
          ) : null}
        </div>
        <div className="clock" data-testid="display-clock">
          <div className="clock-time">{time}</div>
          <div className="clock-date">
            {date} {weekday}
          </div>
        </div>
      </div>
    </header>
  );
}
