/** The frame around every screen: 政务蓝 header (hall name, clock, language, text size) and the help bar. */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { clockText, setLang } from '@hall/ui';
import { nameOf, useKiosk } from '../app/context.tsx';
import { IconBuilding, IconHelp } from './Icons.tsx';

export function Header({ fontStep, onFontBigger }: { fontStep: number; onFontBigger: () => void }) {
  const { t, i18n } = useTranslation();
  const k = useKiosk();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  // The server's clock, not the kiosk PC's: both the time and the date follow it.
  const serverNow = now + (k.live?.clockSkewMs ?? 0);
  const c = clockText(serverNow, k.hall.timeZone);
  const dateText =
    k.lang === 'en'
      ? new Intl.DateTimeFormat('en-GB', {
          timeZone: k.hall.timeZone,
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        }).format(serverNow)
      : `${c.date} ${c.weekday}`;
  return (
    <header className="hdr">
      <div className="hdr-brand">
        <span className="hdr-emblem">
          <IconBuilding size={44} />
        </span>
        <div className="hdr-names">
          <div className="hdr-name" data-testid="hall-name">
            {nameOf(k.hall, k.lang)}
          </div>
          <div className="hdr-sub">
            {k.lang === 'zh' ? (k.hall.nameEn ?? '') : k.hall.name} · {k.params.kioskName}
          </div>
        </div>
      </div>
      <div className="hdr-tools">
        {k.elderly ? (
          <button type="button" className="hdr-btn" data-testid="font-bigger" onClick={onFontBigger} aria-label={t('header.fontBigger')}>
            {t('header.fontBigger')} {fontStep + 1}/3
          </button>
        ) : null}
        <button type="button" className="hdr-btn" data-testid="lang-toggle" onClick={() => setLang(i18n.language === 'zh' ? 'en' : 'zh')}>
          {t('header.lang')}
        </button>
        <div className="hdr-clock" aria-live="off">
          <div className="hdr-time" data-testid="clock">
            {c.time.slice(0, 5)}
          </div>
          <div className="hdr-date">{dateText}</div>
        </div>
      </div>
    </header>
  );
}

export function HelpBar() {
  const { t } = useTranslation();
  const k = useKiosk();
  return (
    <footer className="helpbar">
      <div className="helpbar-text">
        <span>{t('help.bar', { helpDesk: k.hall.helpDesk })}</span>
        {k.live && !k.live.connected ? (
          <span className="helpbar-offline" data-testid="offline">
            {t('app.offline')}
          </span>
        ) : null}
      </div>
      <button type="button" className="helpbar-btn" data-testid="help-button" onClick={k.showHelp}>
        <IconHelp size={36} />
        <span>{t('help.button')}</span>
      </button>
    </footer>
  );
}

/** Title row of an inner screen: back and home on the left, the title, optional extra on the right. */
/** The 绿色通道 group chosen for this ticket, on every screen until the number is taken; ✕ drops it. */
function PriorityChip() {
  const { t } = useTranslation();
  const k = useKiosk();
  const group = k.hall.priorityGroups.find((g) => g.id === k.priorityGroup);
  if (!group || k.route.name === 'priority' || k.route.name === 'ticket') return null;
  return (
    <span className="prio-chip" data-testid="priority-chip">
      {t('priority.chip', { group: nameOf({ name: group.label, nameEn: group.labelEn }, k.lang) })}
      <button
        type="button"
        className="prio-chip-x"
        data-testid="priority-cancel"
        aria-label={t('priority.cancel')}
        onClick={() => k.setPriorityGroup(null)}
      >
        ✕
      </button>
    </span>
  );
}

export function ScreenTitle({ title, sub, right }: { title: string; sub?: string | undefined; right?: ReactNode }) {
  const { t } = useTranslation();
  const k = useKiosk();
  return (
    <div className="stitle">
      <div className="stitle-nav">
        <button type="button" className="navbtn" data-testid="back" onClick={() => k.nav({ type: 'back' })}>
          ‹ {t('nav.back')}
        </button>
        <button type="button" className="navbtn navbtn-home" data-testid="home" onClick={k.endSession}>
          {t('nav.home')}
        </button>
      </div>
      <div className="stitle-text">
        <h1>{title}</h1>
        {sub ? <p>{sub}</p> : null}
        <PriorityChip />
      </div>
      {right ? <div className="stitle-right">{right}</div> : null}
    </div>
  );
}
