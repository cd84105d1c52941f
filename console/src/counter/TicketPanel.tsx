import { useTranslation } from 'react-i18next';
import type { HallInfo, MatterStatus, PublicTicket, Ticket, TicketForm } from '@hall/contract';
import { durationText, minutesBetween } from '../shared/useNow.ts';
import { Kbd } from '../shared/Kbd.tsx';
import { nameOf, type Service } from './hall-info.ts';
import type { CounterRules } from './counter-state.ts';

export interface TicketDetails {
  ticket: Ticket | null;
  form: TicketForm | null;
  isLoading: boolean;
}

export interface TicketPanelProps {
  hall: HallInfo;
  ticket: PublicTicket | null;
  /** Waiting tickets this window would call, oldest first (shown while idle). */
  upcoming: PublicTicket[];
  details: TicketDetails | null;
  now: number;
  rules: CounterRules;
  checked: string[];
  onToggle: (key: string) => void;
  /** Categories this window is equipped for: matters outside them are shown but not set here. */
  mayServe?: readonly string[];
  /** 一事一次办: sets one matter of the current ticket. */
  onMatter?: (serviceId: string, status: Exclude<MatterStatus, 'pending'>) => void;
  isBusy?: boolean;
}

const MATTER_ACTIONS: ReadonlyArray<Exclude<MatterStatus, 'pending'>> = ['accepted', 'done', 'needs_documents', 'transferred'];

const hhmm = (iso: string | null) => (iso ? iso.slice(11, 16) : '—');

export function TicketPanel({ hall, ticket, upcoming, details, now, checked, onToggle, mayServe, onMatter, isBusy }: TicketPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (!ticket) {
    return (
      <div className="ct-idle cs-card" data-testid="ticket-none">
        <svg width="96" height="96" viewBox="0 0 48 48" aria-hidden="true">
          <circle cx="24" cy="24" r="23" fill="#e8f0fb" />
          <path
            d="M12 17a2 2 0 0 1 2-2h20a2 2 0 0 1 2 2v3.2a3.8 3.8 0 0 0 0 7.6V31a2 2 0 0 1-2 2H14a2 2 0 0 1-2-2v-3.2a3.8 3.8 0 0 0 0-7.6z"
            fill="#0b4ea2"
          />
          <path d="M28 16v16" stroke="#fff" strokeWidth="1.4" strokeDasharray="2 2" />
          <rect x="16" y="20" width="8" height="2.4" rx="1.2" fill="#fff" />
          <rect x="16" y="25" width="6" height="2.4" rx="1.2" fill="#fff" opacity="0.7" />
        </svg>
        <h2>{t('ticket.none')}</h2>
        <p>
          {t('ticket.noneHint')
            .split(/(F1|F9)/)
            .map((part, i) => (part === 'F1' || part === 'F9' ? <Kbd key={i}>{part}</Kbd> : <span key={i}>{part}</span>))}
        </p>
        {upcoming.length > 0 ? (
          <div className="ct-upcoming" data-testid="upcoming">
            <div className="ct-meta-label">
              {t('upcoming')} · {upcoming.length}
            </div>
            <div className="ct-upcoming-list">
              {upcoming.slice(0, 12).map((x) => {
                const c = hall.categories.find((k) => k.id === x.categoryId);
                return (
                  <span
                    key={x.id}
                    className={`ct-up${x.priority !== 'normal' ? ' is-prio' : ''}`}
                    style={{ ['--cat' as string]: c?.color ?? '#0b4ea2' }}
                  >
                    <b>{x.number}</b>
                    <small>{t('side.minutes', { min: minutesBetween(Date.parse(x.issuedAt), now) })}</small>
                  </span>
                );
              })}
            </div>
          </div>
        ) : null}
      </div>
    );
  }
  const category = hall.categories.find((c) => c.id === ticket.categoryId);
  const serviceIds = ticket.serviceIds.length > 0 ? ticket.serviceIds : ticket.serviceId ? [ticket.serviceId] : [];
  const services = serviceIds.map((id) => hall.services.find((s) => s.id === id)).filter((s): s is Service => s !== undefined);
  const issued = Date.parse(ticket.issuedAt);
  const called = ticket.calledAt ? Date.parse(ticket.calledAt) : null;
  const started = ticket.startedAt ? Date.parse(ticket.startedAt) : null;
  const isServing = ticket.status === 'serving';
  const timerFrom = isServing ? started : called;
  const note = details?.ticket?.note ?? null;

  return (
    <div className="ct-ticket" data-testid="ticket-panel">
      <div className={`ct-hero cs-card ct-hero-${ticket.status}`} style={{ ['--cat' as string]: category?.color ?? '#0b4ea2' }}>
        <div className="ct-hero-left">
          <div className="ct-hero-badges">
            <span className={`cs-pill ct-tstatus ct-tstatus-${ticket.status}`} data-testid="ticket-status">
              {isServing ? t('ticket.serving') : t('ticket.called', { count: ticket.callCount })}
            </span>
            {ticket.priority !== 'normal' ? (
              <span className={`cs-pill ct-prio ct-prio-${ticket.priority}`} data-testid="ticket-priority">
                {t(`ticket.priority.${ticket.priority}`)}
              </span>
            ) : null}
            {ticket.transferCount > 0 ? <span className="cs-pill ct-transferred">{t('ticket.transferredIn')}</span> : null}
          </div>
          <div className="ct-number" data-testid="current-number">
            {ticket.number}
          </div>
          <div className="ct-hero-cat">
            <span className="cs-dot" style={{ background: category?.color ?? '#0b4ea2' }} />
            {nameOf(category, lang, ticket.categoryId)}
          </div>
        </div>
        <div className="ct-hero-mid">
          <div className="ct-meta-label">{t('ticket.matters')}</div>
          {ticket.matters.length > 1 ? (
            <ul className="ct-matters ct-visit" data-testid="ticket-matters">
              {ticket.matters.map((m) => {
                const s = hall.services.find((x) => x.id === m.serviceId);
                const mine = (mayServe ?? []).includes(m.categoryId);
                const final = m.status === 'done' || m.status === 'transferred';
                return (
                  <li
                    key={m.serviceId}
                    className={`ct-vm ct-vm-${m.status}${mine ? '' : ' is-elsewhere'}`}
                    data-testid={`matter-${m.serviceId}`}
                    data-status={m.status}
                  >
                    <span className="ct-vm-name">{nameOf(s, lang, m.serviceId)}</span>
                    <span className={`cs-pill ct-vm-status`}>{t(`matter.${m.status}`)}</span>
                    {mine && !final && onMatter ? (
                      <span className="ct-vm-actions">
                        {MATTER_ACTIONS.filter((a) => a !== m.status).map((a) => (
                          <button
                            key={a}
                            type="button"
                            className="ct-vm-btn"
                            disabled={isBusy}
                            data-testid={`matter-${m.serviceId}-${a}`}
                            onClick={() => onMatter(m.serviceId, a)}
                          >
                            {t(`matterAction.${a}`)}
                          </button>
                        ))}
                      </span>
                    ) : !mine && !final ? (
                      <small className="ct-vm-where">
                        {t('matterElsewhere', {
                          category: nameOf(
                            hall.categories.find((c) => c.id === m.categoryId),
                            lang,
                            m.categoryId,
                          ),
                        })}
                      </small>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : (
            <ul className="ct-matters" data-testid="ticket-matters">
              {services.length === 0 ? (
                <li>{nameOf(category, lang, ticket.categoryId)}</li>
              ) : (
                services.map((s) => <li key={s.id}>{nameOf(s, lang)}</li>)
              )}
            </ul>
          )}
          <div className="ct-meta-row">
            <span>
              <em>{t('ticket.issuedAt')}</em>
              {hhmm(ticket.issuedAt)} · {t(`ticket.channel.${ticket.channel}`)}
            </span>
            <span>
              <em>{t('ticket.waited')}</em>
              {t('side.minutes', { min: minutesBetween(issued, called ?? now) })}
            </span>
          </div>
          {note ? (
            <div className="ct-note" data-testid="ticket-note">
              <em>{t('ticket.note')}</em>
              {note}
            </div>
          ) : null}
        </div>
        <div className="ct-hero-timer">
          <div className="ct-meta-label">{isServing ? t('ticket.serviceTime') : t('ticket.sinceCall')}</div>
          <div className="ct-timer" data-testid="ticket-timer">
            {timerFrom === null ? '—' : durationText(now - timerFrom)}
          </div>
        </div>
      </div>
      <div className="ct-ticket-cols">
        <FormCard details={details} services={services} />
        <MaterialsCard services={services} checked={checked} onToggle={onToggle} />
      </div>
    </div>
  );
}

function FormCard({ details, services }: { details: TicketDetails | null; services: Service[] }) {
  const { t, i18n } = useTranslation();
  const form = details?.form ?? null;
  const labels = new Map<string, string>();
  for (const s of services)
    for (const f of s.formFields) labels.set(f.key, i18n.language.startsWith('en') ? (f.labelEn ?? f.label) : f.label);
  const rows: Array<[string, string]> = [];
  if (form) {
    if (form.name) rows.push([t('form.name'), form.name]);
    rows.push([t('form.idKind'), t(`form.idKinds.${form.idKind}`)]);
    if (form.idNumber) rows.push([t('form.idNumber'), form.idNumber]);
    if (form.phone) rows.push([t('form.phone'), form.phone]);
    if (form.address) rows.push([t('form.address'), form.address]);
    for (const [k, v] of Object.entries(form.fields)) if (v) rows.push([labels.get(k) ?? k, v]);
  }
  return (
    <div className="cs-card ct-form" data-testid="ticket-form">
      <div className="cs-card-head">
        <span className="cs-card-title">{t('form.title')}</span>
        {form?.idNumber ? <small className="cs-muted">{t('form.masked')}</small> : null}
      </div>
      <div className="cs-card-body ct-scroll">
        {details === null || details.isLoading ? (
          <p className="cs-empty">{t('form.loading')}</p>
        ) : form === null ? (
          <p className="cs-empty">{t('form.none')}</p>
        ) : (
          <dl className="ct-dl">
            {rows.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}

function MaterialsCard({ services, checked, onToggle }: { services: Service[]; checked: string[]; onToggle: (key: string) => void }) {
  const { t, i18n } = useTranslation();
  const items = services.flatMap((s) => s.guide.materials.map((m, i) => ({ key: `${s.id}#${i}`, service: s, m })));
  const done = items.filter((x) => checked.includes(x.key)).length;
  const isMulti = services.length > 1;
  return (
    <div className="cs-card ct-materials" data-testid="materials">
      <div className="cs-card-head">
        <span className="cs-card-title">{t('materials.title')}</span>
        {items.length > 0 ? (
          <span className={`ct-progress-text${done === items.length ? ' is-done' : ''}`} data-testid="materials-progress">
            {t('materials.progress', { done, total: items.length })}
          </span>
        ) : null}
      </div>
      {items.length > 0 ? (
        <div className="ct-progress">
          <div style={{ width: `${(done / items.length) * 100}%` }} />
        </div>
      ) : null}
      <div className="cs-card-body ct-scroll">
        {items.length === 0 ? <p className="cs-empty">{t('materials.none')}</p> : null}
        {services.map((s) => {
          const mine = items.filter((x) => x.service.id === s.id);
          if (mine.length === 0) return null;
          return (
            <div key={s.id} className="ct-mat-group">
              {isMulti ? <div className="ct-mat-service">{i18n.language.startsWith('en') ? (s.nameEn ?? s.name) : s.name}</div> : null}
              {mine.map(({ key, m }) => {
                const isOn = checked.includes(key);
                return (
                  <label key={key} className={`ct-mat${isOn ? ' is-on' : ''}`} data-testid="material-item">
                    <input type="checkbox" checked={isOn} onChange={() => onToggle(key)} />
                    <span className="ct-mat-box" aria-hidden="true">
                      {isOn ? '✓' : ''}
                    </span>
                    <span className="ct-mat-text">
                      <span className="ct-mat-name">{m.name}</span>
                      {m.note ? <span className="ct-mat-note">{m.note}</span> : null}
                    </span>
                    <span className="ct-mat-form">
                      {t(`materials.forms.${m.form}`)} · {t('materials.count', { count: m.count })}
                    </span>
                    <span className={`ct-mat-req${m.required ? '' : ' is-opt'}`}>
                      {m.required ? t('materials.required') : t('materials.optional')}
                    </span>
                  </label>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export function PausedPanel({
  reason,
  since,
  now,
  rules,
  onResume,
  isBusy,
}: {
  reason: string;
  since: number | null;
  now: number;
  rules: CounterRules;
  onResume: () => void;
  isBusy: boolean;
}) {
  const { t } = useTranslation();
  const isLong = since !== null && now - since > rules.longPauseMinutes * 60_000;
  return (
    <div className="ct-paused cs-card" data-testid="paused-panel">
      <div className="ct-paused-icon" aria-hidden="true">
        <span />
        <span />
      </div>
      <h2>{t('paused.title')}</h2>
      <p className="ct-paused-reason" data-testid="pause-reason">
        {t('paused.reason', { reason })}
      </p>
      {since !== null ? (
        <p className={`ct-paused-since${isLong ? ' is-long' : ''}`}>{t('paused.since', { time: durationText(now - since) })}</p>
      ) : null}
      <p className="cs-muted">{t('paused.longHint', { min: rules.longPauseMinutes })}</p>
      <button
        type="button"
        className="cs-btn cs-btn-primary ct-paused-btn"
        onClick={onResume}
        disabled={isBusy}
        data-testid="paused-resume"
      >
        {t('paused.resume')} <Kbd onDark>F8</Kbd>
      </button>
    </div>
  );
}
