import { useTranslation } from 'react-i18next';
import type { HallState } from '@hall/ui';
import type { HallInfo, PublicTicket, StaffCaseView, WindowState } from '@hall/contract';
import { Kbd } from '../shared/Kbd.tsx';
import { minutesBetween } from '../shared/useNow.ts';
import { nameOf } from './hall-info.ts';

/** `GET /api/v1/me/day`: the signed-in staff member's own counts; ratings per level only, never who or which. */
export interface StaffDay {
  date: string;
  served: number;
  noShow: number;
  transferred: number;
  avgServiceMinutes: number;
  ratings: { count: number; byLevel: Record<'1' | '2' | '3' | '4' | '5', number> };
}

export interface SidePanelProps {
  hall: HallInfo;
  win: WindowState;
  state: HallState;
  suspended: PublicTicket[];
  day: StaffDay | null;
  /** 差评整改 cases about this window (never who rated). */
  cases?: StaffCaseView[];
  now: number;
  canResumeTicket: boolean;
  onResumeTicket: (ticketId: string, number: string) => void;
}

const LEVEL_COLORS: Record<string, string> = { 5: '#1e7b34', 4: '#4c9a2a', 3: '#b38a00', 2: '#d0661a', 1: '#b3261e' };

export function SidePanel({ hall, win, state, suspended, day, cases = [], now, canResumeTicket, onResumeTicket }: SidePanelProps) {
  const { t, i18n } = useTranslation();
  const directed = state.tickets.filter((x) => x.status === 'waiting' && x.targetWindowId === win.id).length;
  const levels = ['5', '4', '3', '2', '1'] as const;
  const maxLevel = Math.max(1, ...levels.map((l) => day?.ratings.byLevel[l] ?? 0));

  return (
    <aside className="ct-side">
      <section className="cs-card ct-queues" data-testid="side-queues">
        <div className="cs-card-head">
          <span className="cs-card-title">{t('side.queues')}</span>
        </div>
        <div className="cs-card-body">
          {win.allocation.map((id) => {
            const c = hall.categories.find((x) => x.id === id);
            const q = state.queues.find((x) => x.categoryId === id);
            const waiting = q?.waiting ?? 0;
            // Live from the stream's tickets (the queue summary is only as fresh as the last batch).
            const oldest = state.tickets.reduce(
              (m, x) => (x.status === 'waiting' && x.categoryId === id ? Math.min(m, Date.parse(x.issuedAt)) : m),
              Infinity,
            );
            const longest = Number.isFinite(oldest) ? minutesBetween(oldest, now) : 0;
            return (
              <div key={id} className="ct-q" data-testid={`queue-${id}`} style={{ ['--cat' as string]: c?.color ?? '#0b4ea2' }}>
                <div className="ct-q-name">
                  <span className="ct-q-prefix">{c?.prefix}</span>
                  {nameOf(c, i18n.language, id)}
                </div>
                <div className="ct-q-count">
                  <b data-testid={`queue-${id}-waiting`}>{waiting}</b>
                  <small>{t('side.waiting')}</small>
                </div>
                <div className={`ct-q-longest${longest >= 30 ? ' is-hot' : ''}`}>{t('side.longest', { min: longest })}</div>
              </div>
            );
          })}
          {directed > 0 ? (
            <div className="ct-q-directed" data-testid="queue-directed">
              {t('side.directed')}
              <b>{t('side.persons', { count: directed })}</b>
            </div>
          ) : null}
        </div>
      </section>

      <section className="cs-card ct-suspended" data-testid="side-suspended">
        <div className="cs-card-head">
          <span className="cs-card-title">{t('side.suspended')}</span>
          {suspended.length > 0 ? <span className="ct-count-badge">{suspended.length}</span> : null}
        </div>
        <div className="cs-card-body ct-scroll">
          {suspended.length === 0 ? <p className="cs-empty">{t('side.suspendedNone')}</p> : null}
          {suspended.map((s, i) => (
            <div key={s.id} className="ct-susp" data-testid={`suspended-${s.number}`}>
              <div className="ct-susp-num">{s.number}</div>
              <div className="ct-susp-meta">
                <span>
                  {nameOf(
                    hall.categories.find((c) => c.id === s.categoryId),
                    i18n.language,
                    s.categoryId,
                  )}
                </span>
                {s.calledAt ? <small>{t('side.suspendedAt', { time: s.calledAt.slice(11, 16) })}</small> : null}
              </div>
              <button
                type="button"
                className="cs-btn cs-btn-ghost ct-susp-btn"
                disabled={!canResumeTicket}
                onClick={() => onResumeTicket(s.id, s.number)}
                data-testid={`resume-${s.number}`}
              >
                {t('side.resumeTicket')}
                {i < 9 ? <Kbd>{`Alt+${i + 1}`}</Kbd> : null}
              </button>
            </div>
          ))}
        </div>
      </section>

      <section className="cs-card ct-day" data-testid="side-day">
        <div className="cs-card-head">
          <span className="cs-card-title">{t('side.day')}</span>
          <small className="cs-muted">{day?.date ?? ''}</small>
        </div>
        <div className="cs-card-body">
          <div className="ct-day-stats">
            <div>
              <b data-testid="day-served">{day?.served ?? 0}</b>
              <small>{t('side.served')}</small>
            </div>
            <div>
              <b data-testid="day-avg">{day ? day.avgServiceMinutes.toFixed(1) : '0.0'}</b>
              <small>{t('side.avg')}</small>
            </div>
            <div>
              <b>{day?.noShow ?? 0}</b>
              <small>{t('side.noShow')}</small>
            </div>
            <div>
              <b>{day?.transferred ?? 0}</b>
              <small>{t('side.transferred')}</small>
            </div>
          </div>
          <div className="ct-ratings" data-testid="day-ratings">
            <div className="ct-ratings-head">
              <span>{t('side.ratings')}</span>
              <small>{t('side.ratingCount', { count: day?.ratings.count ?? 0 })}</small>
            </div>
            {levels.map((l) => {
              const n = day?.ratings.byLevel[l] ?? 0;
              return (
                <div key={l} className="ct-rating-row" data-testid={`rating-${l}`}>
                  <span className="ct-rating-label">{t(`side.levels.${l}`)}</span>
                  <span className="ct-rating-bar">
                    <span style={{ width: `${(n / maxLevel) * 100}%`, background: LEVEL_COLORS[l] }} />
                  </span>
                  <span className="ct-rating-n">{n}</span>
                </div>
              );
            })}
            <p className="ct-ratings-note">{t('side.ratingsNote')}</p>
          </div>
        </div>
      </section>
      {cases.length > 0 ? (
        <section className="cs-card ct-cases" data-testid="side-cases">
          <div className="cs-card-head">
            <span className="cs-card-title">{t('side.cases')}</span>
          </div>
          <div className="cs-card-body">
            {cases.map((c) => {
              const due = c.deadlines.find((d) => d.step === c.nextStep);
              return (
                <div key={c.id} className="ct-case" data-testid={`side-case-${c.id}`}>
                  <div>
                    <b>{c.reasonLabels.join('、')}</b>
                    <small className={c.overdue ? 'ct-late' : ''}>
                      {' '}
                      · {t(`side.caseState.${c.status}`)}
                      {due ? ` · ${t('side.caseDue', { date: due.dueDate })}` : ''}
                    </small>
                  </div>
                  {c.comment ? <p className="ct-ratings-note">{c.comment}</p> : null}
                </div>
              );
            })}
            <p className="ct-ratings-note">{t('side.casesNote')}</p>
          </div>
        </section>
      ) : null}
    </aside>
  );
}
