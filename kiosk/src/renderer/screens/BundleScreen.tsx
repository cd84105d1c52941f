/** 一件事一次办: the matters of a life event, one ticket, one form, one set of papers. */
import { useTranslation } from 'react-i18next';
import { nameOf, useKiosk } from '../app/context.tsx';
import type { Purpose } from '../app/routes.ts';
import { ScreenTitle } from '../components/Chrome.tsx';
import { ActionPanel, kindText } from './MatterScreen.tsx';

export function BundleScreen({ purpose, bundleId }: { purpose: Purpose; bundleId: string }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const b = k.hall.bundles.find((x) => x.id === bundleId);
  if (!b) return null;
  const services = b.serviceIds.map((id) => k.hall.services.find((s) => s.id === id)).filter((s) => s !== undefined);
  const cats = new Map(k.hall.categories.map((c) => [c.id, c]));
  return (
    <div className="screen matter bundle" data-testid="screen-bundle">
      <ScreenTitle title={nameOf(b, k.lang)} sub={k.lang === 'zh' ? b.description : b.name} />
      <div className="matter-body">
        <div className="matter-summary">
          <span className="chip">{t('finder.bundleCount', { count: services.length })}</span>
        </div>
        <ActionPanel
          target={{ kind: 'bundle', bundleId }}
          purpose={purpose}
          categoryIds={services.map((s) => s.categoryId)}
          hasFormFields={services.some((s) => s.formFields.length > 0)}
          printBody={{ bundleId }}
        />
        <div className="matter-guide">
          <p className="pane-hint">{t('matter.bundleIntro')}</p>
          <ol className="bundle-steps">
            {services.map((s, i) => {
              const c = cats.get(s.categoryId);
              return (
                <li key={s.id} style={{ ['--cat' as string]: c?.color ?? '#0b4ea2' }}>
                  <div className="bs-head">
                    <span className="step-n">{i + 1}</span>
                    <button
                      type="button"
                      className="bs-name"
                      data-testid={`bundle-matter-${s.id}`}
                      onClick={() => k.nav({ type: 'go', route: { name: 'matter', purpose: 'guide', serviceId: s.id } })}
                    >
                      {nameOf(s, k.lang)} ›
                    </button>
                    <span className="chip">{c ? nameOf(c, k.lang) : ''}</span>
                    <span className="kind-chip">{kindText(s, t)}</span>
                  </div>
                  <ul className="materials materials-compact">
                    {s.guide.materials
                      .filter((m) => m.required)
                      .map((m, j) => (
                        <li key={j}>
                          <span className="mat-box" aria-hidden="true" />
                          <span className="mat-name">{m.name}</span>
                          <span className="mat-form">{t(`matter.${m.form}`)}</span>
                          <span className="mat-count">{t('matter.count', { count: m.count })}</span>
                        </li>
                      ))}
                  </ul>
                </li>
              );
            })}
          </ol>
        </div>
      </div>
    </div>
  );
}
