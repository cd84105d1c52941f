import type { HallOpening, HoursConfig } from '@hall/contract';
import { nextOpeningText, weekHours } from '@hall/ui';
import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';

/**
 * The hall screen while the hall is closed and nobody is being served: why (午休, after hours, a holiday),
 * when it opens next, the week's hours and the appointment advice. Notices keep scrolling below it.
 */
export function ClosedBoard({ opening, hours, helpDesk }: { opening: HallOpening; hours: HoursConfig; helpDesk: string }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  const zhWhen = nextOpeningText(opening, 'zh');
  const enWhen = nextOpeningText(opening, 'en');
  const zhWeek = weekHours(hours, 'zh');
  const enWeek = weekHours(hours, 'en');
  return (
    <section className="panel closed-board" data-testid="display-closed" data-reason={opening.reason}>
      <div className="closed-icon" aria-hidden="true">
        <svg viewBox="0 0 48 48">
          <circle cx="24" cy="24" r="19" fill="none" stroke="currentColor" strokeWidth="3.5" />
          <path d="M24 12v13l8 5" fill="none" stroke="currentColor" strokeWidth="3.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      <h2 className="closed-title">
        <Bi k={`closedTitle.${opening.reason}`} />
      </h2>
      <div className="closed-next" data-testid="display-next-open">
        {zhWhen && enWhen ? (
          <Bi k="nextOpen" vars={{ when: zhWhen }} varsEn={{ when: enWhen }} />
        ) : (
          <Bi k="noNextOpen" vars={{ helpDesk }} />
        )}
      </div>
      <div className="closed-hours">
        <div className="closed-hours-title">
          <Bi k="hoursTitle" inline />
        </div>
        <table>
          <tbody>
            {(english ? enWeek : zhWeek).map((row, i) => (
              <tr key={row.label}>
                <th>
                  {row.label}
                  {english ? null : <small lang="en">{enWeek[i]?.label}</small>}
                </th>
                <td>{row.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="closed-advice">
        <Bi k="closedAdvice" vars={{ helpDesk }} />
      </p>
    </section>
  );
}

/**
 * A strip above the board while the hall works outside its issuing time: after the last-ticket time, or
 * after the close while windows still serve the tickets already taken.
 */
export function HoursStrip({ opening }: { opening: HallOpening }) {
  const zhWhen = nextOpeningText(opening, 'zh');
  const enWhen = nextOpeningText(opening, 'en');
  return (
    <div className="hours-strip" role="status" data-testid="display-hours-banner" data-reason={opening.reason}>
      <Bi k={opening.open ? 'issuingEnded' : 'afterHours'} inline />
      {zhWhen && enWhen ? (
        <span className="hours-strip-next">
          <Bi k="nextIssue" vars={{ when: zhWhen }} varsEn={{ when: enWhen }} inline />
        </span>
      ) : null}
    </div>
  );
}
