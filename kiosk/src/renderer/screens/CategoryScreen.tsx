/** The matters of one category: big rows, no typing (the elderly 取号 path goes category → matter → number). */
import { useTranslation } from 'react-i18next';
import { nameOf, useKiosk } from '../app/context.tsx';
import type { Purpose } from '../app/routes.ts';
import { queueOf } from '../app/queues.ts';
import { waitText } from '@hall/contract';
import { ScreenTitle } from '../components/Chrome.tsx';
import { kindText } from './MatterScreen.tsx';

export function CategoryScreen({ purpose, categoryId }: { purpose: Purpose; categoryId: string }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const cat = k.hall.categories.find((c) => c.id === categoryId);
  const services = k.hall.services.filter((s) => s.categoryId === categoryId);
  const q = queueOf(k.live, categoryId);
  const sub =
    q && q.waiting > 0
      ? `${t('home.waiting', { count: q.waiting })} · ${q.waitEstimate.minutes === null ? waitText(q.waitEstimate, k.lang) : t('home.est', { text: waitText(q.waitEstimate, k.lang) })}`
      : t('home.noQueue');
  return (
    <div className="screen category" data-testid="screen-category" style={{ ['--cat' as string]: cat?.color ?? '#0b4ea2' }}>
      <ScreenTitle title={t('category.title', { name: cat ? nameOf(cat, k.lang) : categoryId })} sub={sub} />
      <div className="matter-list" data-testid="matter-list">
        {services.map((s) => (
          <button
            key={s.id}
            type="button"
            className="matter-row"
            data-testid={`matter-${s.id}`}
            onClick={() => k.nav({ type: 'go', route: { name: 'matter', purpose, serviceId: s.id } })}
          >
            <span className="matter-name">{nameOf(s, k.lang)}</span>
            <span className="matter-meta">
              <span className={`kind-chip${s.guide.promisedLimitDays === 0 ? ' is-now' : ''}`}>{kindText(s, t)}</span>
              {!k.elderly ? <span className="matter-mat">{t('matter.materialsCount', { count: s.guide.materials.length })}</span> : null}
            </span>
            <span className="chev" aria-hidden="true">
              ›
            </span>
          </button>
        ))}
        <div className="more-hint">
          <span>{t('category.notHere')}</span>
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="category-search"
            onClick={() => k.nav({ type: 'go', route: { name: 'finder', purpose, tab: 'search' } })}
          >
            {t('category.search')}
          </button>
        </div>
      </div>
    </div>
  );
}
