/** One matter: its guide (一次性告知) and what to do next — take a number, fill the form, print the checklist. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '@hall/ui';
import { waitText } from '@hall/contract';
import { nameOf, useKiosk, type HallService } from '../app/context.tsx';
import type { Purpose, Target } from '../app/routes.ts';
import { queueOf, windowsFor, windowsText } from '../app/queues.ts';
import { useTakeNumber } from '../app/useTakeNumber.tsx';
import { ScreenTitle } from '../components/Chrome.tsx';
import { GuideView } from '../components/GuideView.tsx';
import { IconPrinter, IconTicket } from '../components/Icons.tsx';

export function usePrintGuide(body: { serviceId: string } | { bundleId: string }) {
  const k = useKiosk();
  const [state, setState] = useState<'idle' | 'printing' | 'done' | 'failed'>('idle');
  const print = async () => {
    if (state === 'printing') return;
    setState('printing');
    try {
      await api('/kiosk/print-guide', { body, token: k.token });
      setState('done');
    } catch (err) {
      setState('failed');
      if (err instanceof ApiError && err.code === 'PRINTER_UNAVAILABLE') k.refreshPrinter();
    }
  };
  return { state, print };
}

export function kindText(s: HallService, t: (k: string, o?: Record<string, unknown>) => string): string {
  const d = s.guide.promisedLimitDays;
  return d === 0 || (d === null && s.guide.kind === 'immediate')
    ? t('matter.kindImmediate')
    : t('matter.kindPromised', { days: d ?? s.guide.legalLimitDays ?? '—' });
}

export function ActionPanel({
  target,
  purpose,
  categoryIds,
  hasFormFields,
  printBody,
}: {
  target: Target;
  purpose: Purpose;
  categoryIds: string[];
  hasFormFields: boolean;
  printBody: { serviceId: string } | { bundleId: string };
}) {
  const { t } = useTranslation();
  const k = useKiosk();
  const take = useTakeNumber();
  const pg = usePrintGuide(printBody);
  const mainCat = categoryIds[0] ?? '';
  const q = queueOf(k.live, mainCat);
  const ws = windowsFor(k.live, mainCat);
  const takeBtn = (
    <button
      type="button"
      className="btn btn-primary btn-xl"
      data-testid="take-number"
      disabled={take.pending}
      onClick={() => void take.take(target)}
    >
      <IconTicket size={52} />
      <span>{take.pending ? t('issue.taking') : t('matter.take')}</span>
    </button>
  );
  const formBtn = (
    <button
      type="button"
      className="btn btn-secondary btn-lg"
      data-testid="fill-form"
      disabled={take.pending}
      onClick={() => k.nav({ type: 'go', route: { name: 'form', target } })}
    >
      {t('matter.takeWithForm')}
    </button>
  );
  const printBtn = (
    <button
      type="button"
      className="btn btn-ghost btn-lg"
      data-testid="print-guide"
      disabled={pg.state === 'printing'}
      onClick={() => void pg.print()}
    >
      <IconPrinter size={36} />
      <span>{pg.state === 'printing' ? t('matter.printing') : t('matter.print')}</span>
    </button>
  );
  return (
    <aside className="action-panel" data-testid="action-panel">
      <div className="facts">
        <div className="fact">
          <span className="fact-k">{t('home.queues')}</span>
          <span className="fact-v" data-testid="fact-waiting">
            {q && q.waiting > 0 ? t('home.waiting', { count: q.waiting }) : t('home.noQueue')}
          </span>
          {q && q.waiting > 0 ? (
            <span className="fact-s">
              {q.waitEstimate.minutes === null
                ? waitText(q.waitEstimate, k.lang)
                : t('home.est', { text: waitText(q.waitEstimate, k.lang) })}
            </span>
          ) : null}
        </div>
        {ws.length > 0 ? (
          <div className="fact">
            <span className="fact-k">{t('matter.windows')}</span>
            <span className="fact-v">{windowsText(ws, k.lang)}</span>
          </div>
        ) : null}
      </div>
      <div className="actions">
        {purpose === 'ticket' ? (
          <>
            {takeBtn}
            {hasFormFields || !k.elderly ? formBtn : null}
            {printBtn}
          </>
        ) : (
          <>
            {printBtn}
            {takeBtn}
            {formBtn}
          </>
        )}
      </div>
      {take.error ? (
        <div className="inline-error" role="alert" data-testid="take-error">
          {take.error}
        </div>
      ) : null}
      {pg.state === 'done' ? (
        <div className="inline-ok" role="status" data-testid="print-ok">
          {t('matter.printed')}
        </div>
      ) : null}
      {pg.state === 'failed' ? (
        <div className="inline-error" role="alert" data-testid="print-failed">
          {t('matter.printFailed', { helpDesk: k.hall.helpDesk })}
        </div>
      ) : null}
      {take.dialog}
    </aside>
  );
}

export function MatterScreen({ purpose, serviceId }: { purpose: Purpose; serviceId: string }) {
  const { t } = useTranslation();
  const k = useKiosk();
  const s = k.hall.services.find((x) => x.id === serviceId);
  if (!s) return null;
  const cat = k.hall.categories.find((c) => c.id === s.categoryId);
  const g = s.guide;
  return (
    <div className="screen matter" data-testid="screen-matter" style={{ ['--cat' as string]: cat?.color ?? '#0b4ea2' }}>
      <ScreenTitle title={nameOf(s, k.lang)} sub={`${cat ? nameOf(cat, k.lang) : ''}${k.lang === 'en' ? ` · ${s.name}` : ''}`} />
      <div className="matter-body">
        <div className="matter-summary">
          <span className={`kind-chip${g.promisedLimitDays === 0 ? ' is-now' : ''}`} data-testid="kind">
            {kindText(s, t)}
          </span>
          <span className="chip">{g.maxVisits === 0 ? t('matter.visitsZero') : t('matter.visits', { count: g.maxVisits })}</span>
          <span className="chip">
            {t('matter.fee')}：{g.fee}
          </span>
        </div>
        <ActionPanel
          target={{ kind: 'service', serviceId }}
          purpose={purpose}
          categoryIds={[s.categoryId]}
          hasFormFields={s.formFields.length > 0}
          printBody={{ serviceId }}
        />
        <div className="matter-guide">
          <GuideView service={s} compact={k.elderly} />
        </div>
      </div>
    </div>
  );
}
