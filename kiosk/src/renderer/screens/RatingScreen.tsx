/**
 * 好差评 at the kiosk: prove the ticket (scan its QR — a wedge scanner types its URL — or type its number AND
 * the 4-digit check code printed on the slip), which `POST /ratings/kiosk/check` answers on this first
 * screen (not finished, already rated, wrong code: refused before any level is chosen); then one of five
 * levels (same size, same colour: nothing nudges toward five), reasons required for 1–2, optional comment.
 * Posts to `/ratings/kiosk` with the same proof.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RatingLevel } from '@hall/contract';
import { api, ApiError } from '@hall/ui';
import { nameOf, useKiosk } from '../app/context.tsx';
import { classifyScan } from '../app/scan.ts';
import { useWedgeHandler } from '../app/useWedge.ts';
import { ScreenTitle } from '../components/Chrome.tsx';
import { IconCheck, IconFace } from '../components/Icons.tsx';
import { Keyboard } from '../components/Keyboard.tsx';
import { TouchField } from '../components/TouchField.tsx';

interface Found {
  by: { token: string } | { number: string; checkCode: string };
  number: string;
  serviceIds: string[];
  window: { number: number; name: string } | null;
}

const LEVELS: RatingLevel[] = [5, 4, 3, 2, 1];

export function RatingScreen({ token, number }: { token?: string | undefined; number?: string | undefined }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const [typed, setTyped] = useState(number ?? '');
  const [code, setCode] = useState('');
  const [field, setField] = useState<'number' | 'code'>('number');
  const [found, setFound] = useState<Found | null>(null);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<number[]>([]);
  const [comment, setComment] = useState('');
  const [editingComment, setEditingComment] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const explain = (e: unknown): string => {
    const code = e instanceof ApiError ? e.code : 'NETWORK';
    if (code === 'UNKNOWN_TICKET') return t('rating.notFound');
    if (code === 'NOT_RATEABLE') return t('rating.notDone');
    if (code === 'ALREADY_RATED') return t('rating.already');
    if (code === 'REASON_REQUIRED') return t('rating.reasonRequired');
    if (code === 'CHECK_CODE_REQUIRED') return t('rating.codeRequired');
    if (code === 'CHECK_CODE_WRONG') return t('rating.codeWrong');
    if (code === 'TOO_MANY_ATTEMPTS' || code === 'KIOSK_RATING_LIMIT') return t('rating.tooMany');
    return t('rating.unavailable');
  };

  const lookup = async (by: Found['by']) => {
    setError(null);
    setBusy(true);
    try {
      const r = await api<{ ticket: { number: string; serviceIds: string[]; window: Found['window'] } }>('/ratings/kiosk/check', {
        body: by,
        token: k.token,
      });
      setFound({ by, number: r.ticket.number, serviceIds: r.ticket.serviceIds, window: r.ticket.window });
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  // A scan on another screen opens this one with the token: look it up once, on mount.
  useEffect(() => {
    if (token) void lookup({ token });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useWedgeHandler((line) => {
    const s = classifyScan(line);
    if (s.kind === 'ticket-token') void lookup({ token: s.token });
    else if (s.kind === 'ticket-number') {
      setTyped(s.number);
      setField('code');
    }
  });
  useEffect(() => {
    if (!done) return undefined;
    const id = setTimeout(k.endSession, 10_000);
    return () => clearTimeout(id);
  }, [done, k.endSession]);

  const submit = async () => {
    if (!found || level === null || busy) return;
    if (level <= 2 && reasons.length === 0) {
      setError(t('rating.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    const body = { level, ...(level <= 2 ? { reasons } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) };
    try {
      // The kiosk route takes the scanned token or the typed number and records the channel as the kiosk.
      await api('/ratings/kiosk', { body: { ...found.by, ...body }, token: k.token });
      setDone(true);
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="screen rating rating-done" data-testid="screen-rating-done">
        <div className="thanks">
          <IconCheck size={160} />
          <h1>{t('rating.thanks')}</h1>
          <p>{level !== null && level <= 2 ? t('rating.thanksBody') : t('rating.thanksShort')}</p>
          <button type="button" className="btn btn-primary btn-xl" data-testid="rating-home" onClick={k.endSession}>
            {t('nav.home')}
          </button>
        </div>
      </div>
    );
  }

  if (!found) {
    return (
      <div className="screen rating" data-testid="screen-rating">
        <ScreenTitle title={t('rating.title')} sub={t('rating.subtitle')} />
        <div className="form-layout">
          <div className="form-fields">
            <div className="scan-hint" data-testid="scan-hint">
              <span className="scan-icon" aria-hidden="true" />
              <span>{t('rating.scan')}</span>
            </div>
            <p className="pane-hint">{t('rating.orType')}</p>
            <TouchField
              testId="rating-number"
              label={t('rating.numberLabel')}
              value={typed}
              active={field === 'number'}
              onActivate={() => setField('number')}
              mono
              placeholder="A001"
            />
            <TouchField
              testId="rating-code"
              label={t('rating.codeLabel')}
              value={code}
              active={field === 'code'}
              onActivate={() => setField('code')}
              mono
              placeholder="0000"
            />
            <p className="pane-hint">{t('rating.codeHint')}</p>
            {error ? (
              <div className="inline-error" role="alert" data-testid="rating-error">
                {error}
              </div>
            ) : null}
            <div className="form-actions">
              <button
                type="button"
                className="btn btn-primary btn-xl"
                data-testid="rating-next"
                disabled={busy || !/^[A-Z]{1,2}\d{3,4}$/.test(typed) || !/^\d{4}$/.test(code)}
                onClick={() => void lookup({ number: typed, checkCode: code })}
              >
                {t('rating.next')}
              </button>
            </div>
          </div>
          <div className="form-kb">
            <Keyboard
              mode="code"
              onInput={(s) => {
                setError(null);
                if (field === 'number') setTyped((v) => (v + s).slice(0, 6));
                else setCode((v) => (v + s.replace(/\D/g, '')).slice(0, 4));
              }}
              onBackspace={() => (field === 'number' ? setTyped((v) => v.slice(0, -1)) : setCode((v) => v.slice(0, -1)))}
              onClear={() => (field === 'number' ? setTyped('') : setCode(''))}
            />
          </div>
        </div>
      </div>
    );
  }

  const names = found.serviceIds
    .map((id) => k.hall.services.find((s) => s.id === id))
    .filter((s) => s !== undefined)
    .map((s) => nameOf(s, k.lang));
  return (
    <div className="screen rating" data-testid="screen-rating-levels">
      <ScreenTitle title={t('rating.title')} sub={t('rating.subtitle')} />
      <div className={`rating-body${editingComment ? ' with-kb' : ''}`}>
        <div className="rating-main">
          <div className="rating-which" data-testid="rating-which">
            <span className="stat-k">{t('rating.which')}</span>
            <span className="rw-number">{found.number}</span>
            <span className="rw-names">
              {names.join(k.lang === 'zh' ? '、' : ', ')}
              {found.window ? ` · ${found.window.name}` : ''}
            </span>
          </div>
          <h2 className="rating-q">{t('rating.choose')}</h2>
          <div className="levels" role="radiogroup" aria-label={t('rating.choose')}>
            {LEVELS.map((l) => (
              <button
                key={l}
                type="button"
                role="radio"
                aria-checked={level === l}
                className={`level${level === l ? ' is-on' : ''}`}
                data-testid={`level-${l}`}
                onClick={() => {
                  setLevel(l);
                  setError(null);
                  if (l > 2) setReasons([]);
                }}
              >
                <IconFace level={l} size={88} />
                <span>{t(`rating.level.${l}`)}</span>
              </button>
            ))}
          </div>
          {level !== null && level <= 2 ? (
            <div className="reasons" data-testid="reasons">
              <h3>{t('rating.reasons')}</h3>
              <div className="chips">
                {k.hall.ratingReasons.map((r) => (
                  <button
                    key={r.id}
                    type="button"
                    className={`chip-btn${reasons.includes(r.id) ? ' is-on' : ''}`}
                    aria-pressed={reasons.includes(r.id)}
                    data-testid={`reason-${r.id}`}
                    onClick={() => setReasons((rs) => (rs.includes(r.id) ? rs.filter((x) => x !== r.id) : [...rs, r.id]))}
                  >
                    {r.label}
                  </button>
                ))}
              </div>
            </div>
          ) : null}
          {level !== null ? (
            <TouchField
              testId="rating-comment"
              label={t('rating.comment')}
              value={comment}
              active={editingComment}
              onActivate={() => setEditingComment(true)}
              placeholder={t('rating.commentTap')}
              multiline
            />
          ) : null}
          {error ? (
            <div className="inline-error" role="alert" data-testid="rating-error">
              {error}
            </div>
          ) : null}
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-primary btn-xl"
              data-testid="rating-submit"
              disabled={busy || level === null}
              onClick={() => void submit()}
            >
              {t('rating.submit')}
            </button>
          </div>
        </div>
        {editingComment ? (
          <div className="form-kb">
            <Keyboard
              mode="text"
              value={comment}
              onInput={(s) => setComment((c) => (c + s).slice(0, 500))}
              onBackspace={() => setComment((c) => c.slice(0, -1))}
              onClear={() => setComment('')}
              onDone={() => setEditingComment(false)}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
