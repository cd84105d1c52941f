/**
 * The 好差评 form. Neutral by design (no nudging, GB/T 39734 and the provincial rules): the five levels in
 * the national order, all in the same style, none chosen in advance, no stars, faces or colours. A 差评
 * (1–2) asks for at least one reason tag; a comment is optional at every level.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, describeError } from '@hall/ui/src/api.ts';
import type { Lang } from '@hall/ui/src/i18n.ts';
import type { HallInfo, PublicRating, RatingLevel } from '@hall/contract';
import { REASON_EN } from './i18n.ts';

const LEVELS: readonly RatingLevel[] = [5, 4, 3, 2, 1];
/** The contract's RATING_COMMENT_MAX and isBadLevel, restated: contract modules carry zod, too heavy for a phone. */
const COMMENT_MAX = 500;
const isBadLevel = (l: RatingLevel) => l <= 2;

export function RatingForm({
  token,
  reasons,
  lang,
  onSubmitted,
  onAlreadyRated,
}: {
  token: string;
  reasons: HallInfo['ratingReasons'];
  lang: Lang;
  onSubmitted: (r: PublicRating) => void;
  onAlreadyRated: () => void;
}) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const bad = level !== null && isBadLevel(level);
  const missingReason = bad && picked.length === 0;
  const canSubmit = level !== null && !missingReason && !busy;
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  async function submit() {
    if (level === null || missingReason) return;
    setBusy(true);
    setError(null);
    try {
      const body = {
        token,
        level,
        ...(bad ? { reasons: [...picked].sort((a, b) => a - b) } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      };
      const r = await api<{ rating: PublicRating }>('/ratings', { method: 'POST', body });
      onSubmitted(r.rating);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'ALREADY_RATED') onAlreadyRated();
      else setError(err instanceof ApiError && err.code !== 'NETWORK' && err.code !== 'INTERNAL' ? describeError(err, lang) : t('error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="ph-card ph-rate" data-testid="rating-form">
      <h2>{t('rate.heading')}</h2>
      <p className="ph-hint">{t('rate.intro')}</p>
      <div className="ph-levels" role="radiogroup" aria-label={t('rate.heading')}>
        {LEVELS.map((l) => (
          <button
            key={l}
            type="button"
            role="radio"
            aria-checked={level === l}
            data-testid={`rating-level-${l}`}
            className={`ph-level${level === l ? ' is-on' : ''}`}
            onClick={() => setLevel(l)}
          >
            <span className="ph-dot" aria-hidden="true" />
            {t(`rate.levels.${l}`)}
          </button>
        ))}
      </div>

      {bad && (
        <fieldset className="ph-reasons" data-testid="rating-reasons">
          <legend>{t('rate.reasons')}</legend>
          <div className="ph-tags">
            {reasons.map((r) => (
              <button
                key={r.id}
                type="button"
                role="checkbox"
                aria-checked={picked.includes(r.id)}
                data-testid={`rating-reason-${r.id}`}
                className={`ph-tag${picked.includes(r.id) ? ' is-on' : ''}`}
                onClick={() => toggle(r.id)}
              >
                {lang === 'en' ? (REASON_EN[r.label] ?? r.label) : r.label}
              </button>
            ))}
          </div>
        </fieldset>
      )}

      {level !== null && (
        <label className="ph-comment">
          <span>{t('rate.comment')}</span>
          <textarea
            data-testid="rating-comment"
            rows={3}
            maxLength={COMMENT_MAX}
            value={comment}
            placeholder={t('rate.commentPlaceholder')}
            onChange={(e) => setComment(e.target.value)}
          />
          <small>{t('rate.count', { count: [...comment].length })}</small>
        </label>
      )}

      {error && (
        <p className="ph-error" role="alert" data-testid="rating-error">
          {error}
        </p>
      )}
      <p className="ph-need" data-testid="rating-need">
        {level === null ? t('rate.pickLevel') : missingReason ? t('rate.reasonsNeeded') : '\u00a0'}
      </p>
      <button
        type="button"
        className="ph-submit"
        data-testid="rating-submit"
        disabled={!canSubmit}
        onClick={() => {
          void submit();
        }}
      >
        {busy ? t('rate.submitting') : t('rate.submit')}
      </button>
    </section>
  );
}
