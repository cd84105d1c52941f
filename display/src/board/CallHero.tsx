import type { CallAnnouncement } from '@hall/contract';
import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';

/**
 * The latest live call (live-calls.ts), as large as the screen allows: number in yellow, window below. It
 * flashes on every new call (and recall) so citizens who cannot hear the voice still notice it; `key`
 * restarts the animation.
 */
export function CallHero({ call, flash, speaking }: { call: CallAnnouncement | null; flash: boolean; speaking: boolean }) {
  const { t, i18n } = useTranslation();
  if (!call) {
    return (
      <section className="panel hero hero-empty" data-testid="display-hero">
        <div className="hero-label">
          <Bi k="nowCalling" inline />
        </div>
        <div className="hero-empty-text">
          <Bi k="noCallsYet" />
        </div>
      </section>
    );
  }
  return (
    <section
      key={call.id}
      className={`panel hero${flash ? ' hero-flash' : ''}`}
      data-testid="display-hero"
      data-call-id={call.id}
      data-flash={flash ? 'true' : 'false'}
      aria-live="assertive"
    >
      <div className="hero-label">
        <Bi k={call.isRecall ? 'recall' : 'nowCalling'} inline />
        {speaking ? <SpeakerIcon /> : null}
      </div>
      <div className="hero-number" data-testid="display-hero-number">
        {call.number}
      </div>
      <div className="hero-window" data-testid="display-hero-window">
        <span className="hero-to">{t('heroBefore')}</span>
        <span className="hero-window-no">{call.windowNumber}</span>
        <span className="hero-to">{t('heroAfter')}</span>
      </div>
      {i18n.language === 'en' ? null : (
        <div className="hero-window-en" lang="en">
          {i18n.getFixedT('en')('heroEn', { n: call.windowNumber })}
        </div>
      )}
    </section>
  );
}

function SpeakerIcon() {
  return (
    <svg className="speaker" viewBox="0 0 24 24" aria-hidden="true" data-testid="display-speaking">
      <path d="M3 9v6h4l5 4V5L7 9H3z" fill="currentColor" />
      <path className="wave1" d="M15.5 8.5a5 5 0 0 1 0 7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      <path className="wave2" d="M18.5 5.5a9 9 0 0 1 0 13" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
