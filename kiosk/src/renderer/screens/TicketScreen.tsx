/** The number, big: matters, windows, people ahead, estimated wait, and the QR code to follow it by phone. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedTicket } from '@hall/contract';
import { Qr } from '@hall/ui';
import { waitAdvice, waitText } from '@hall/contract';
import { nameOf, useKiosk } from '../app/context.tsx';
import { windowsFor, windowsText, zonesOf } from '../app/queues.ts';
import { IconAlert, IconCheck, IconPrinter } from '../components/Icons.tsx';

export function TicketScreen({ ticket, onScreen, checkIn }: { ticket: IssuedTicket; onScreen: boolean; checkIn: boolean }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const cat = k.hall.categories.find((c) => c.id === ticket.categoryId);
  const services = ticket.serviceIds.map((id) => k.hall.services.find((s) => s.id === id)).filter((s) => s !== undefined);
  const ws = windowsFor(k.live, ticket.categoryId);
  const zones = zonesOf(ws);
  const qrUrl = `${location.origin}/t/${ticket.token}`;

  useEffect(() => {
    performance.mark('kiosk:ticket-shown');
    try {
      performance.measure('kiosk:tap-to-ticket', 'kiosk:tap', 'kiosk:ticket-shown');
    } catch {
      /* no tap mark (reload) */
    }
    k.say(t('ticket.speak', { number: ticket.number.split('').join(' '), ahead: ticket.ahead }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ticket.id]);

  const priority = ticket.priority !== 'normal' ? t(`ticket.priority.${ticket.priority}`) : null;
  return (
    <div
      className={`screen ticket${onScreen ? ' is-onscreen' : ''}`}
      data-testid="screen-ticket"
      style={{ ['--cat' as string]: cat?.color ?? '#0b4ea2' }}
    >
      <div
        className={`ticket-banner ${onScreen ? 'banner-warn' : 'banner-ok'}`}
        data-testid={onScreen ? 'onscreen-banner' : 'printed-banner'}
      >
        {onScreen ? <IconAlert size={48} /> : <IconCheck size={48} />}
        <div>
          <strong>{onScreen ? t('ticket.onScreen') : checkIn ? t('ticket.titleCheckin') : t('ticket.title')}</strong>
          <span>{onScreen ? t('ticket.onScreenBody') : t('ticket.printed')}</span>
        </div>
        {!onScreen ? <IconPrinter size={48} /> : null}
      </div>
      <div className="ticket-body">
        <section className="ticket-card">
          <div className="ticket-label">{t('ticket.yourNumber')}</div>
          <div className="ticket-number" data-testid="ticket-number">
            {ticket.number}
          </div>
          {priority ? (
            <div className="ticket-priority" data-testid="ticket-priority">
              {priority}
            </div>
          ) : null}
          <div className="ticket-cat">{cat ? nameOf(cat, k.lang) : ''}</div>
          <ul className="ticket-matters" data-testid="ticket-matters">
            {services.map((s) => (
              <li key={s.id}>{nameOf(s, k.lang)}</li>
            ))}
          </ul>
        </section>
        <section className="ticket-info">
          <div className="ticket-facts">
            <div className="stat">
              <span className="stat-k">{t('ticket.ahead')}</span>
              <span className="stat-v" data-testid="ticket-ahead">
                {t('ticket.aheadCount', { count: ticket.ahead })}
              </span>
            </div>
            <div className="stat">
              <span className="stat-k">{t('ticket.est')}</span>
              <span className="stat-v" data-testid="ticket-est">
                {waitText(ticket.waitEstimate, k.lang)}
              </span>
              {waitAdvice(ticket.waitEstimate, k.hall.helpDesk, k.lang) ? (
                <span className="stat-note" data-testid="ticket-wait-advice">
                  {waitAdvice(ticket.waitEstimate, k.hall.helpDesk, k.lang)}
                </span>
              ) : null}
            </div>
            <div className="ticket-windows" data-testid="ticket-windows">
              <span className="stat-k">{ws.length > 0 ? t('ticket.windows') : t('ticket.windowsTbd')}</span>
              {ws.length > 0 ? <span className="tw-list">{windowsText(ws, k.lang)}</span> : null}
              {zones.length > 0 ? <span className="tw-zone">{zones.join(' · ')}</span> : null}
            </div>
          </div>
          <div className="ticket-qr">
            <div className="qr-frame" data-testid="ticket-qr">
              <Qr value={qrUrl} size={200} label={t('ticket.qr')} />
            </div>
            <div className="qr-text">
              <p className="qr-caption">{t('ticket.qr')}</p>
              <p className="ticket-listen">{t('ticket.listen', { count: k.hall.noShowAfterCalls })}</p>
            </div>
          </div>
        </section>
      </div>
      <div className="ticket-actions">
        <button type="button" className="btn btn-primary btn-xl" data-testid="ticket-done" onClick={k.endSession}>
          {t('ticket.done')}
        </button>
      </div>
    </div>
  );
}
