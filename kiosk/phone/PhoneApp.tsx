/**
 * The page behind the ticket's QR code (`/t/<token>`): queue progress until the service ends, then the
 * 好差评 form. The token in the address is the only credential; the page keeps nothing about the phone.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '@hall/ui/src/api.ts';
import { setLang, type Lang } from '@hall/ui/src/i18n.ts';
import type { HallInfo, PublicRating, RatingStatus, TicketStatus } from '@hall/contract';
import { Progress, type TicketProgress } from './Progress.tsx';
import { RatingForm } from './RatingForm.tsx';

const POLL_MS = 10_000;

export function tokenFromPath(path: string): string {
  const m = /^\/t\/([A-Za-z0-9_-]{10,100})\/?$/.exec(path);
  return m?.[1] ?? '';
}

type Load = { kind: 'loading' } | { kind: 'unknown' } | { kind: 'ready'; ticket: TicketProgress; at: Date };

const FINAL: readonly TicketStatus[] = ['done', 'cancelled'];

export function PhoneApp({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language === 'en' ? 'en' : 'zh') as Lang;
  const [hall, setHall] = useState<HallInfo | null>(null);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [offline, setOffline] = useState(false);
  const [rating, setRating] = useState<RatingStatus | null>(null);
  const [submitted, setSubmitted] = useState<PublicRating | null>(null);

  useEffect(() => {
    api<HallInfo>('/hall').then(setHall, () => setOffline(true));
  }, []);

  const refresh = useCallback(async () => {
    if (!token) {
      setLoad({ kind: 'unknown' });
      return;
    }
    try {
      const r = await api<{ ticket: TicketProgress }>(`/public/tickets/${token}`);
      setLoad({ kind: 'ready', ticket: r.ticket, at: new Date() });
      setOffline(false);
      if (r.ticket.status === 'done') setRating(await api<RatingStatus>(`/public/ratings/${token}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setLoad({ kind: 'unknown' });
      else setOffline(true);
    }
  }, [token]);

  const status = load.kind === 'ready' ? load.ticket.status : null;
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (status !== null && FINAL.includes(status)) return undefined;
    const timer = setInterval(() => {
      void refresh();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh, status]);

  const desk = hall?.helpDesk ?? '导办台';
  const hallName = hall ? (lang === 'en' && hall.nameEn ? hall.nameEn : hall.name) : '';
  let body;
  if (load.kind === 'loading') {
    body = (
      <p className="ph-muted" data-testid="phone-loading">
        {offline ? t('error') : t('loading')}
      </p>
    );
  } else if (load.kind === 'unknown') {
    body = (
      <section className="ph-card ph-center" data-testid="phone-unknown">
        <h2>{t('unknown')}</h2>
        <p>{t('unknownHint', { desk })}</p>
      </section>
    );
  } else {
    const ticket = load.ticket;
    body = (
      <>
        <Progress
          ticket={ticket}
          hall={hall}
          lang={lang}
          updatedAt={load.at}
          onRefresh={() => {
            void refresh();
          }}
        />
        {ticket.status === 'done' &&
          (submitted ? (
            <Thanks rating={submitted} />
          ) : rating?.rated ? (
            <Already />
          ) : rating?.rateable ? (
            <RatingForm
              token={token}
              reasons={hall?.ratingReasons ?? []}
              lang={lang}
              onSubmitted={setSubmitted}
              onAlreadyRated={() => setRating({ ...rating, rateable: false, rated: true })}
            />
          ) : null)}
        {ticket.status === 'done' && !submitted && rating?.rateable ? <CheckCode code={rating.checkCode} number={ticket.number} /> : null}
      </>
    );
  }

  return (
    <div className="ph">
      <header className="ph-bar">
        <div>
          <div className="ph-hall" data-testid="phone-hall">
            {hallName}
          </div>
          <h1>{status === 'done' ? t('titleDone') : t('title')}</h1>
        </div>
        <button type="button" className="ph-lang" data-testid="phone-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('switchLang')}
        </button>
      </header>
      {offline && load.kind !== 'loading' && (
        <p className="ph-offline" role="status" data-testid="phone-offline">
          {t('error')}
        </p>
      )}
      <main className="ph-main">{body}</main>
    </div>
  );
}

function Thanks({ rating }: { rating: PublicRating }) {
  const { t } = useTranslation();
  return (
    <section className="ph-card ph-center" data-testid="rating-thanks" aria-live="polite">
      <svg className="ph-tick" viewBox="0 0 56 56" aria-hidden="true">
        <circle cx="28" cy="28" r="28" />
        <path d="M17 29l7.5 7.5L40 21" />
      </svg>
      <h2>{t('rate.thanks')}</h2>
      <p>{t('rate.thanksHint')}</p>
      {rating.level <= 2 && <p>{t('rate.thanksBad')}</p>}
    </section>
  );
}

/** The slip's 评价校验码: with the number, it lets the citizen rate at a hall kiosk instead. */
function CheckCode({ code, number }: { code: string; number: string }) {
  const { t } = useTranslation();
  return (
    <section className="ph-card ph-check" data-testid="rating-check-code">
      <div className="ph-muted">{t('rate.checkCode')}</div>
      <div className="ph-check-code">{code}</div>
      <p className="ph-muted">{t('rate.checkCodeHint', { number })}</p>
    </section>
  );
}

function Already() {
  const { t } = useTranslation();
  return (
    <section className="ph-card ph-center" data-testid="rating-already">
      <h2>{t('rate.already')}</h2>
      <p>{t('rate.alreadyHint')}</p>
    </section>
  );
}
