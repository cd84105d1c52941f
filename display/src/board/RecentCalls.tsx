import type { CallAnnouncement } from '@hall/contract';
import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';

/** The other live calls, after the latest: number → window, with the time of the call (hall time, HH:MM). */
export function RecentCalls({ calls, rows }: { calls: readonly CallAnnouncement[]; rows: number }) {
  const { t } = useTranslation();
  const shown = calls.slice(0, rows);
  return (
    <section className="panel recent" data-testid="display-recent">
      <h2 className="panel-title">
        <Bi k="alsoCalling" inline />
      </h2>
      <ol className="recent-list" style={{ gridTemplateRows: `repeat(${rows}, 1fr)` }}>
        {shown.map((c) => (
          <li key={`${c.windowId}|${c.ticketId}`} className="recent-row" data-testid="display-recent-call" data-number={c.number}>
            <span className="recent-number">{c.number}</span>
            <span className="recent-arrow" aria-hidden="true">
              ▸
            </span>
            <span className="recent-window">{t('windowNo', { n: c.windowNumber })}</span>
            <span className="recent-time">{c.at.slice(11, 16)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
