import { useTranslation } from 'react-i18next';
import { waitText } from '@hall/contract';
import { nameOf, useKiosk } from '../app/context.tsx';
import { queueOf } from '../app/queues.ts';
import { IconBook, IconCalendarCheck, IconElder, IconPriority, IconStar, IconTicket } from '../components/Icons.tsx';

export function HomeScreen() {
  const { t } = useTranslation();
  const k = useKiosk();
  const go = k.nav;
  const printerDown = k.printer.printerId !== null && !k.printer.canPrint && k.printer.status !== 'unknown';
  return (
    <div className="home" data-testid="screen-home">
      <section className="home-head">
        <div className="home-welcome">
          <h1>{t('home.welcome', { hall: nameOf(k.hall, k.lang) })}</h1>
          <p>{t('home.prompt')}</p>
        </div>
        {printerDown ? (
          <div className="banner banner-warn" role="status" data-testid="printer-banner">
            {t('home.printerDown', {
              status: t(`printer.${k.printer.status}`, { defaultValue: k.printer.status }),
              helpDesk: k.hall.helpDesk,
            })}
          </div>
        ) : null}
      </section>
      <section className="home-actions">
        <button
          type="button"
          className="tile tile-primary tile-take"
          data-testid="home-take"
          onClick={() => go({ type: 'go', route: { name: 'finder', purpose: 'ticket', tab: 'category' } })}
        >
          <span className="tile-icon">
            <IconTicket size={120} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.take')}</span>
            <span className="tile-sub">{t('home.takeSub')}</span>
          </span>
        </button>
        <button type="button" className="tile" data-testid="home-checkin" onClick={() => go({ type: 'go', route: { name: 'checkin' } })}>
          <span className="tile-icon">
            <IconCalendarCheck size={72} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.checkin')}</span>
            <span className="tile-sub">{t('home.checkinSub')}</span>
          </span>
        </button>
        <button
          type="button"
          className="tile"
          data-testid="home-guide"
          onClick={() => go({ type: 'go', route: { name: 'finder', purpose: 'guide', tab: 'category' } })}
        >
          <span className="tile-icon">
            <IconBook size={72} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.guide')}</span>
            <span className="tile-sub">{t('home.guideSub')}</span>
          </span>
        </button>
        <button type="button" className="tile" data-testid="home-rate" onClick={() => go({ type: 'go', route: { name: 'rating' } })}>
          <span className="tile-icon">
            <IconStar size={72} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.rate')}</span>
            <span className="tile-sub">{t('home.rateSub')}</span>
          </span>
        </button>
        <button
          type="button"
          className={`tile tile-elder${k.elderly ? ' is-on' : ''}`}
          data-testid="home-elderly"
          aria-pressed={k.elderly}
          onClick={() => k.setElderly(!k.elderly)}
        >
          <span className="tile-icon">
            <IconElder size={72} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{k.elderly ? t('home.elderlyExit') : t('home.elderly')}</span>
            <span className="tile-sub">{t('home.elderlySub')}</span>
          </span>
        </button>
        <button
          type="button"
          className="tile tile-green"
          data-testid="home-priority"
          onClick={() => go({ type: 'go', route: { name: 'priority' } })}
        >
          <span className="tile-icon">
            <IconPriority size={56} />
          </span>
          <span className="tile-text">
            <span className="tile-title">{t('home.green')}</span>
            <span className="tile-sub">{t('home.greenSub')}</span>
          </span>
          <span className="chev" aria-hidden="true">
            ›
          </span>
        </button>
      </section>
      <section className="home-side">
        <div className="panel queues" data-testid="queues">
          <h2>{t('home.queues')}</h2>
          <ul>
            {k.hall.categories.map((c) => {
              const q = queueOf(k.live, c.id);
              return (
                <li key={c.id} style={{ ['--cat' as string]: c.color ?? '#0b4ea2' }}>
                  <span className="q-prefix">{c.prefix}</span>
                  <span className="q-name">{nameOf(c, k.lang)}</span>
                  <span className="q-wait">{q && q.waiting > 0 ? t('home.waiting', { count: q.waiting }) : t('home.noQueue')}</span>
                  <span className="q-est" data-testid={`home-est-${c.id}`}>
                    {q && q.waiting > 0
                      ? q.waitEstimate.minutes === null
                        ? waitText(q.waitEstimate, k.lang)
                        : t('home.est', { text: waitText(q.waitEstimate, k.lang) })
                      : ''}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
        {(k.live?.notices.length ?? 0) > 0 && !k.elderly ? (
          <div className="panel notices">
            <h2>{t('home.notices')}</h2>
            <p>{k.live?.notices[0]}</p>
          </div>
        ) : null}
      </section>
    </div>
  );
}
