import { waitText, type CategoryQueue, type HallInfo } from '@hall/contract';
import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';
import { etaText } from './eta-text.ts';
import { useGridFit } from './useGridFit.ts';

/** Waiting count and estimated wait for a new ticket, per category of this screen. */
export function QueueBoard({ categories, queues }: { categories: HallInfo['categories']; queues: readonly CategoryQueue[] }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  const { ref, cols, rows } = useGridFit<HTMLDivElement>(categories.length, 2.6);
  const byId = new Map(queues.map((q) => [q.categoryId, q]));
  return (
    <section className="panel queues">
      <h2 className="panel-title">
        <Bi k="queues" inline />
      </h2>
      <div
        ref={ref}
        className="queue-grid"
        style={{ gridTemplateColumns: `repeat(${cols}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}
      >
        {categories.map((c) => {
          const q = byId.get(c.id);
          const waiting = q?.waiting ?? 0;
          return (
            <article
              key={c.id}
              className="queue"
              data-testid="display-queue"
              data-category-id={c.id}
              style={{ ['--cat' as string]: c.color ?? '#3d7bd9' }}
            >
              <div className="queue-inner">
                <div className="queue-head">
                  <span className="queue-prefix">{c.prefix}</span>
                  <span className="queue-name">{english && c.nameEn ? c.nameEn : c.name}</span>
                </div>
                <div className="queue-body">
                  <span className="queue-count">
                    <b data-testid="display-queue-waiting">{waiting}</b>
                    <small>
                      {t('people')}
                      {t('waiting')}
                    </small>
                  </span>
                  <span className="queue-eta" data-testid="display-queue-eta">
                    {waiting > 0 ? (q ? waitText(q.waitEstimate, english ? 'en' : 'zh') : etaText(t, 0)) : t('noWait')}
                  </span>
                </div>
              </div>
            </article>
          );
        })}
      </div>
    </section>
  );
}
