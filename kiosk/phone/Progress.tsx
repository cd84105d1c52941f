/** The ticket's place in the queue, as `GET /api/v1/public/tickets/:token` reports it. */
import { useTranslation } from 'react-i18next';
import type { Lang } from '@hall/ui/src/i18n.ts';
import {
  waitAdvice,
  waitText,
  type HallInfo,
  type MatterStatus,
  type Priority,
  type TicketStatus,
  type WaitEstimate,
} from '@hall/contract';

export interface TicketProgress {
  number: string;
  status: TicketStatus;
  categoryId: string;
  serviceIds: string[];
  /** 一事一次办: each matter of the visit and how far it is. */
  matters?: Array<{ serviceId: string; categoryId: string; status: MatterStatus }>;
  bundleId?: string | null;
  priority: Priority;
  issuedAt: string;
  businessDate: string;
  ahead: number;
  estimatedWaitMinutes: number | null;
  /** The ticket's own estimate now (null when it is not waiting). */
  waitEstimate?: WaitEstimate | null;
  window: { id: string; name: string; number: number } | null;
  calledAt: string | null;
  finishedAt: string | null;
}

/** `2026-09-30T10:05:00.000+08:00` → `10:05` (the ISO string is already in hall time). */
const hhmm = (iso: string) => iso.slice(11, 16);

export function Progress({
  ticket,
  hall,
  lang,
  updatedAt,
  onRefresh,
}: {
  ticket: TicketProgress;
  hall: HallInfo | null;
  lang: Lang;
  updatedAt: Date;
  onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const category = hall?.categories.find((c) => c.id === ticket.categoryId);
  // After a transfer the ticket is in another category: only matters of that category describe it.
  const matters = ticket.serviceIds
    .map((id) => hall?.services.find((s) => s.id === id))
    .filter((s): s is NonNullable<typeof s> => s !== undefined && s.categoryId === ticket.categoryId)
    .map((s) => (lang === 'en' && s.nameEn ? s.nameEn : s.name));
  const bundle = ticket.bundleId ? hall?.bundles.find((b) => b.id === ticket.bundleId) : undefined;
  const bundleName = bundle ? (lang === 'en' && bundle.nameEn ? bundle.nameEn : bundle.name) : null;
  const what =
    bundleName ?? (matters.length > 0 ? matters.join('、') : lang === 'en' && category?.nameEn ? category.nameEn : (category?.name ?? ''));
  const visit = (ticket.matters ?? []).length > 1 ? (ticket.matters ?? []) : [];
  const serviceName = (id: string) => {
    const s = hall?.services.find((x) => x.id === id);
    return s ? (lang === 'en' && s.nameEn ? s.nameEn : s.name) : id;
  };
  const desk = hall?.helpDesk ?? '导办台';
  const w = ticket.window;
  /** Where to walk: the window's zone (一楼 A 区) when the hall names one. */
  const place = (w && hall?.windows.find((x) => x.id === w.id)?.zone) || w?.name || '';
  const windowText = w ? (lang === 'en' ? `window ${w.number}` : `${w.number} 号窗口`) : '';
  const time = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: hall?.timeZone ?? 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(updatedAt);
  const live = ticket.status !== 'done' && ticket.status !== 'cancelled';

  return (
    <section className={`ph-card ph-progress ph-${ticket.status}`} data-testid="phone-progress">
      {ticket.status !== 'done' && <div className="ph-label">{t('yourNumber')}</div>}
      <div className="ph-number" data-testid="phone-number">
        {ticket.number}
      </div>
      <div className="ph-what">{what}</div>
      <div className="ph-status" data-testid="phone-status" data-status={ticket.status}>
        {t(`status.${ticket.status}`)}
      </div>

      {visit.length > 0 && (
        <ol className="ph-matters" data-testid="phone-matters" aria-label={t('mattersTitle')}>
          {visit.map((m) => (
            <li
              key={m.serviceId}
              data-testid={`phone-matter-${m.serviceId}`}
              data-status={m.status}
              className={`ph-matter ph-matter-${m.status}`}
            >
              <span className="ph-matter-name">{serviceName(m.serviceId)}</span>
              <span className="ph-matter-status">{t(`matter.${m.status}`)}</span>
            </li>
          ))}
        </ol>
      )}

      {ticket.status === 'waiting' && (
        <>
          <dl className="ph-facts">
            <div>
              <dt>{t('ahead')}</dt>
              <dd data-testid="phone-ahead">{t('persons', { count: ticket.ahead })}</dd>
            </div>
            <div>
              <dt>{t('wait')}</dt>
              <dd data-testid="phone-wait">{ticket.waitEstimate ? waitText(ticket.waitEstimate, lang) : t('waitUnknown')}</dd>
            </div>
          </dl>
          {waitAdvice(ticket.waitEstimate, desk, lang) && (
            <p className="ph-hint ph-advice" data-testid="phone-wait-advice">
              {waitAdvice(ticket.waitEstimate, desk, lang)}
            </p>
          )}
          <p className="ph-hint">{t('waitingHint')}</p>
        </>
      )}
      {ticket.status === 'called' && w && (
        <div className="ph-call" data-testid="phone-window" role="alert">
          <strong>{t('calledAt', { number: w.number })}</strong>
          <span>{t('calledHint', { name: place })}</span>
        </div>
      )}
      {ticket.status === 'serving' && w && (
        <div className="ph-call ph-call-quiet" data-testid="phone-window">
          <strong>{t('servingAt', { number: w.number })}</strong>
          <span>{t('servingHint', { name: place })}</span>
        </div>
      )}
      {ticket.status === 'suspended' && (
        <p className="ph-hint" data-testid="phone-hint">
          {t('suspendedHint', { window: windowText || desk })}
        </p>
      )}
      {ticket.status === 'no_show' && (
        <p className="ph-hint" data-testid="phone-hint">
          {t('noShowHint', { desk })}
        </p>
      )}
      {ticket.status === 'cancelled' && (
        <p className="ph-hint" data-testid="phone-hint">
          {t('cancelledHint', { desk })}
        </p>
      )}

      {live && (
        <>
          <div className="ph-meta">
            <span>{t('issuedAt', { time: hhmm(ticket.issuedAt) })}</span>
            <button type="button" className="ph-link" onClick={onRefresh} data-testid="phone-refresh">
              {t('refresh')}
            </button>
          </div>
          <div className="ph-updated" data-testid="phone-updated">
            {t('updated', { time })}
          </div>
        </>
      )}
    </section>
  );
}
