/** Finding a matter: by department category, by 一件事 life event, or by pinyin search. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { nameOf, useKiosk } from '../app/context.tsx';
import type { Purpose } from '../app/routes.ts';
import { hallSearchIndex, loadHallPhrases, type Phrase } from '../app/search.ts';
import type { SearchIndex } from '../app/search-index.ts';
import { queueOf } from '../app/queues.ts';
import { ScreenTitle } from '../components/Chrome.tsx';
import { IconGrid, IconLayers, IconSearch } from '../components/Icons.tsx';
import { Keyboard } from '../components/Keyboard.tsx';
import { preloadIme } from '../ime/load.ts';

type Tab = 'category' | 'bundle' | 'search';

export function FinderScreen({ purpose, tab }: { purpose: Purpose; tab: Tab }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const setTab = (next: Tab) => k.nav({ type: 'replace', route: { name: 'finder', purpose, tab: next } });
  const tabs: Array<{ id: Tab; label: string; icon: ReactNode }> = [
    { id: 'category', label: t('finder.tabCategory'), icon: <IconGrid size={36} /> },
    { id: 'bundle', label: t('finder.tabBundle'), icon: <IconLayers size={36} /> },
    { id: 'search', label: t('finder.tabSearch'), icon: <IconSearch size={36} /> },
  ];
  return (
    <div className="screen finder" data-testid="screen-finder">
      <ScreenTitle title={purpose === 'ticket' ? t('finder.titleTicket') : t('finder.titleGuide')} />
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={tab === x.id}
            className={`tab${tab === x.id ? ' is-on' : ''}`}
            data-testid={`tab-${x.id}`}
            onClick={() => setTab(x.id)}
          >
            {x.icon}
            <span>{x.label}</span>
          </button>
        ))}
      </div>
      {tab === 'category' ? (
        <CategoryGrid purpose={purpose} />
      ) : tab === 'bundle' ? (
        <BundleList purpose={purpose} />
      ) : (
        <SearchPane purpose={purpose} />
      )}
    </div>
  );
}

function CategoryGrid({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const k = useKiosk();
  return (
    <div className="cat-grid" data-testid="category-grid">
      {k.hall.categories.map((c) => {
        const n = k.hall.services.filter((s) => s.categoryId === c.id).length;
        const q = queueOf(k.live, c.id);
        return (
          <button
            key={c.id}
            type="button"
            className="cat-card"
            style={{ ['--cat' as string]: c.color ?? '#0b4ea2' }}
            data-testid={`category-${c.id}`}
            onClick={() => k.nav({ type: 'go', route: { name: 'category', purpose, categoryId: c.id } })}
          >
            <span className="cat-prefix">{c.prefix}</span>
            <span className="cat-text">
              <span className="cat-name">{nameOf(c, k.lang)}</span>
              <span className="cat-sub">{k.lang === 'zh' ? c.nameEn : c.name}</span>
              <span className="cat-meta">
                {t('finder.matters', { count: n })}
                {q && q.waiting > 0 ? ` · ${t('home.waiting', { count: q.waiting })}` : ''}
              </span>
            </span>
          </button>
        );
      })}
    </div>
  );
}

function BundleList({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const k = useKiosk();
  return (
    <div className="bundle-pane">
      <p className="pane-hint">{t('finder.bundleHint')}</p>
      <div className="bundle-grid" data-testid="bundle-grid">
        {k.hall.bundles.map((b) => (
          <button
            key={b.id}
            type="button"
            className="bundle-card"
            data-testid={`bundle-${b.id}`}
            onClick={() => k.nav({ type: 'go', route: { name: 'bundle', purpose, bundleId: b.id } })}
          >
            <span className="bundle-name">{nameOf(b, k.lang)}</span>
            {b.description && k.lang === 'zh' ? <span className="bundle-desc">{b.description}</span> : null}
            <span className="bundle-count">{t('finder.bundleCount', { count: b.serviceIds.length })}</span>
          </button>
        ))}
      </div>
    </div>
  );
}

function SearchPane({ purpose }: { purpose: Purpose }) {
  const { t } = useTranslation();
  const k = useKiosk();
  /** What is committed in the box (characters, or letters typed on the ABC layer) and the pinyin being typed. */
  const [query, setQuery] = useState('');
  const [composing, setComposing] = useState('');
  const [index, setIndex] = useState<SearchIndex | null>(null);
  const [phrases, setPhrases] = useState<Phrase[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    preloadIme();
    void hallSearchIndex(k.hall).then((i) => {
      if (live) setIndex(i);
    });
    void loadHallPhrases(k.hall).then((p) => {
      if (live) setPhrases(p);
    });
    return () => {
      live = false;
    };
  }, [k.hall]);
  // While pinyin is being typed into an empty box, matters are found by that pinyin (bdczy); once characters
  // are in the box, by the characters.
  const effective = query === '' ? composing : query;
  const hits = useMemo(() => (index && effective ? index.search(effective, 24) : []), [index, effective]);
  const cats = new Map(k.hall.categories.map((c) => [c.id, c]));
  return (
    <div className="search-pane">
      <div className="search-main">
        <div className="search-box" data-testid="search-box">
          <IconSearch size={40} />
          {query || composing ? (
            <span className="search-query" data-testid="search-query">
              {query}
              {composing ? <span className="search-composing">{composing}</span> : null}
            </span>
          ) : (
            <span className="search-ph">{t('search.placeholder')}</span>
          )}
          <span className="caret" aria-hidden="true" />
        </div>
        <div className="search-results" data-testid="search-results">
          {!index ? <p className="muted">{t('search.loading')}</p> : null}
          {index && effective && hits.length === 0 ? (
            <p className="muted" data-testid="search-empty">
              {t('search.empty', { helpDesk: k.hall.helpDesk })}
            </p>
          ) : null}
          {hits.map(({ item }) => {
            const svc = item.kind === 'service' ? k.hall.services.find((s) => s.id === item.id) : undefined;
            const cat = svc ? cats.get(svc.categoryId) : undefined;
            return (
              <button
                key={`${item.kind}-${item.id}`}
                type="button"
                className="result"
                data-testid={`result-${item.id}`}
                style={{ ['--cat' as string]: cat?.color ?? '#0b4ea2' }}
                onClick={() =>
                  k.nav({
                    type: 'go',
                    route:
                      item.kind === 'service'
                        ? { name: 'matter', purpose, serviceId: item.id }
                        : { name: 'bundle', purpose, bundleId: item.id },
                  })
                }
              >
                <span className="result-tag">{cat ? nameOf(cat, k.lang) : t('search.bundleTag')}</span>
                <span className="result-name">{k.lang === 'en' && item.nameEn ? item.nameEn : item.name}</span>
              </button>
            );
          })}
        </div>
      </div>
      <div className="search-kb">
        <Keyboard
          mode="text"
          field="search"
          value={query}
          phrases={phrases}
          onComposing={setComposing}
          onInput={(s) => setQuery((q) => (q + s).slice(0, 20))}
          onBackspace={() => setQuery((q) => Array.from(q).slice(0, -1).join(''))}
          onReplace={(count, text) =>
            setQuery((q) =>
              (
                Array.from(q)
                  .slice(0, Math.max(0, Array.from(q).length - count))
                  .join('') + text
              ).slice(0, 20),
            )
          }
          onClear={() => setQuery('')}
        />
      </div>
    </div>
  );
}
