import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallInfo, WindowState } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { HallMark } from '../shared/HallMark.tsx';
import { nameOf } from './hall-info.ts';

export interface WindowPickerProps {
  hall: HallInfo;
  session: ConsoleSession;
  certified: string[];
  windows: WindowState[];
  notice: string | null;
  onPick: (windowId: string) => Promise<void>;
  onLogout: () => void;
}

/** Windows whose skills intersect the staff member's certifications, live from the hall stream. */
export function WindowPicker({ hall, session, certified, windows, notice, onPick, onLogout }: WindowPickerProps) {
  const { t, i18n } = useTranslation();
  const [busyId, setBusyId] = useState<string | null>(null);
  const eligible = windows.filter((w) => w.skills.some((s) => certified.includes(s))).sort((a, b) => a.number - b.number);
  const cat = (id: string) => hall.categories.find((c) => c.id === id);

  return (
    <div className="ct-page">
      <header className="cs-header">
        <div className="cs-header-brand">
          <HallMark />
          <h1>
            {i18n.language.startsWith('en') ? (hall.nameEn ?? hall.name) : hall.name}
            <small>{t('app.title')}</small>
          </h1>
        </div>
        <div className="cs-header-spacer" />
        <span className="ct-header-user">{session.displayName}</span>
        <LangSwitch />
        <button type="button" className="ct-header-btn" onClick={onLogout} data-testid="picker-logout">
          {t('pick.logout')}
        </button>
      </header>
      <main className="ct-picker">
        <h2>{t('pick.heading')}</h2>
        <p className="ct-picker-intro">{t('pick.intro', { name: session.displayName })}</p>
        {notice ? (
          <div className="ct-banner ct-banner-error" role="alert" data-testid="picker-notice">
            {notice}
          </div>
        ) : null}
        {eligible.length === 0 ? <p className="cs-empty">{t('pick.none')}</p> : null}
        <div className="ct-picker-grid">
          {eligible.map((w) => {
            const isMine = w.staff?.username === session.username;
            const isTaken = w.staff !== null && !isMine && w.status !== 'closed';
            const state = isMine
              ? t('pick.mine')
              : isTaken
                ? t('pick.occupied', { name: w.staff?.displayName ?? '' })
                : w.status === 'paused'
                  ? t('pick.paused')
                  : t('pick.free');
            return (
              <button
                key={w.id}
                type="button"
                className={`ct-win-card${isTaken ? ' is-taken' : ''}${isMine ? ' is-mine' : ''}`}
                disabled={isTaken || busyId !== null}
                onClick={() => {
                  setBusyId(w.id);
                  void onPick(w.id).finally(() => setBusyId(null));
                }}
                data-testid={`pick-${w.id}`}
              >
                <div className="ct-win-num">
                  {w.number}
                  <small>{t('pick.windowSuffix')}</small>
                </div>
                <div className="ct-win-name">{i18n.language.startsWith('en') ? `Window ${w.number}` : w.name}</div>
                {w.zone ? <div className="ct-win-zone">{w.zone}</div> : null}
                <div className="ct-win-skills" aria-label={t('pick.skills')}>
                  {w.skills.map((s) => (
                    <span
                      key={s}
                      className={`ct-chip${certified.includes(s) ? '' : ' is-off'}`}
                      style={{ ['--chip' as string]: cat(s)?.color ?? '#0b4ea2' }}
                    >
                      {nameOf(cat(s), i18n.language, s)}
                    </span>
                  ))}
                </div>
                <div className={`ct-win-state${isTaken ? ' is-taken' : ''}`}>
                  <span className="cs-dot" />
                  {state}
                </div>
                {!isTaken ? <div className="ct-win-go">{busyId === w.id ? '…' : t('pick.signIn')} →</div> : null}
              </button>
            );
          })}
        </div>
      </main>
    </div>
  );
}
