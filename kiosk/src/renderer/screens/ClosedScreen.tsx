/**
 * 暂停取号: the kiosk's home while kiosk issuing is closed (outside opening hours, over lunch, on holidays,
 * after the last-ticket time). It says why and when tickets are issued again, shows the week's hours and
 * points to appointments and the help desk. The guide and the rating stay open: neither issues a ticket.
 */
import { useTranslation } from 'react-i18next';
import type { HallOpening } from '@hall/contract';
import { nextOpeningText, weekHours } from '@hall/ui';
import { useKiosk } from '../app/context.tsx';
import { IconBook, IconCalendarCheck, IconHelp, IconStar } from '../components/Icons.tsx';
import '../styles/closed.css';

export function ClosedScreen({ opening }: { opening: HallOpening }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const when = nextOpeningText(opening, k.lang);
  const lastTicket = opening.lastTicketAt
    ? new Intl.DateTimeFormat('en-GB', { timeZone: k.hall.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
        opening.lastTicketAt,
      )
    : '';
  return (
    <div className="closed" data-testid="screen-closed" data-reason={opening.reason}>
      <section className="closed-head">
        <div className="closed-badge" aria-hidden="true">
          <svg viewBox="0 0 48 48" width="88" height="88">
            <circle cx="24" cy="24" r="19" fill="none" stroke="currentColor" strokeWidth="3.5" />
            <path d="M24 12v13l8 5" fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
        </div>
        <div>
          <h1>{t(`closed.title.${opening.reason}`)}</h1>
          <p>{t(`closed.why.${opening.reason}`, { time: lastTicket })}</p>
        </div>
      </section>

      <section className="closed-next panel" data-testid="closed-next-open">
        <h2>{t('closed.nextTitle')}</h2>
        <div className="closed-next-when">{when ?? t('closed.noNext', { helpDesk: k.hall.helpDesk })}</div>
      </section>

      <section className="closed-hours panel">
        <h2>{t('closed.hoursTitle')}</h2>
        <table>
          <tbody>
            {weekHours(k.hall.hours, k.lang).map((row) => (
              <tr key={row.label}>
                <th>{row.label}</th>
                <td>{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {k.hall.hours.lastTicketMinutesBeforeClose > 0 ? (
          <p className="closed-note">{t('closed.lastTicketRule', { minutes: k.hall.hours.lastTicketMinutesBeforeClose })}</p>
        ) : null}
      </section>

      <section className="closed-advice">
        <div className="closed-card">
          <span className="closed-card-icon">
            <IconCalendarCheck size={56} />
          </span>
          <div>
            <h3>{t('closed.bookTitle')}</h3>
            <p>{t('closed.bookBody')}</p>
          </div>
        </div>
        <div className="closed-card">
          <span className="closed-card-icon">
            <IconHelp size={56} />
          </span>
          <div>
            <h3>{t('closed.helpTitle')}</h3>
            <p>{t('closed.helpBody', { helpDesk: k.hall.helpDesk })}</p>
          </div>
        </div>
      </section>

      <section className="closed-actions">
        <button
          type="button"
          className="tile"
          data-testid="closed-guide"
          onClick={() => k.nav({ type: 'go', route: { name: 'finder', purpose: 'guide', tab: 'category' } })}
        >
          <span className="tile-icon">
            <IconBook size={56} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.guide')}</span>
            <span className="tile-sub">{t('home.guideSub')}</span>
          </span>
        </button>
        <button type="button" className="tile" data-testid="closed-rate" onClick={() => k.nav({ type: 'go', route: { name: 'rating' } })}>
          <span className="tile-icon">
            <IconStar size={56} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.rate')}</span>
            <span className="tile-sub">{t('home.rateSub')}</span>
          </span>
        </button>
      </section>
    </div>
  );
}
