/** 告警处置: every alert of the day, filterable, acknowledgeable; cleared ones stay listed for the record. */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CardHead } from '../shared/CardHead.tsx';
import { AlertList } from './AlertList.tsx';
import { useSupervisor, type AlertRow } from './supervisor-data.ts';
import { Segmented } from './Segmented.tsx';

type Filter = 'open' | 'acknowledged' | 'cleared' | 'all';
const FILTERS: Filter[] = ['open', 'acknowledged', 'cleared', 'all'];

export function AlertsView() {
  const { t } = useTranslation();
  const { alerts, call, state } = useSupervisor();
  const [today, setToday] = useState<AlertRow[]>([]);
  const [filter, setFilter] = useState<Filter>('open');
  const [kind, setKind] = useState<string>('all');
  useEffect(() => {
    let isLive = true;
    call<{ alerts: AlertRow[] }>('/alerts?scope=today')
      .then((r) => {
        if (isLive) setToday(r.alerts);
      })
      .catch(() => undefined);
    return () => {
      isLive = false;
    };
  }, [call, alerts, state?.alerts]);
  const merged = useMemo(() => {
    const byId = new Map(today.map((a) => [a.id, a]));
    for (const a of alerts) byId.set(a.id, { ...byId.get(a.id), ...a });
    return [...byId.values()].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  }, [today, alerts]);
  const counts: Record<Filter, number> = {
    open: merged.filter((a) => !a.clearedAt && a.acknowledgedAt === null).length,
    acknowledged: merged.filter((a) => !a.clearedAt && a.acknowledgedAt !== null).length,
    cleared: merged.filter((a) => Boolean(a.clearedAt)).length,
    all: merged.length,
  };
  const kinds = [...new Set(merged.map((a) => a.kind))];
  const shown = merged.filter((a) => {
    if (kind !== 'all' && a.kind !== kind) return false;
    if (filter === 'open') return !a.clearedAt && a.acknowledgedAt === null;
    if (filter === 'acknowledged') return !a.clearedAt && a.acknowledgedAt !== null;
    if (filter === 'cleared') return Boolean(a.clearedAt);
    return true;
  });
  return (
    <div className="sv-alerts-page">
      <section className="cs-card sv-alerts-card">
        <CardHead title={t('nav.alerts')}>
          <Segmented
            as="tabs"
            className="sv-seg-sm"
            options={FILTERS}
            value={filter}
            onChange={setFilter}
            label={(f) => (
              <>
                {t(`alerts.${f}`)} <span className="sv-count">{counts[f]}</span>
              </>
            )}
            testIdPrefix="alerts-filter"
          />
        </CardHead>
        <div className="sv-kind-filter">
          <button type="button" className={`sv-kind ${kind === 'all' ? 'is-on' : ''}`} onClick={() => setKind('all')}>
            {t('alerts.all')}
          </button>
          {kinds.map((k) => (
            <button key={k} type="button" className={`sv-kind ${kind === k ? 'is-on' : ''}`} onClick={() => setKind(k)}>
              {t(`alerts.kind.${k}`, { defaultValue: k })}
            </button>
          ))}
        </div>
        <div className="cs-card-body sv-scroll">
          <AlertList alerts={shown} testId="alerts-page-list" />
        </div>
      </section>
    </div>
  );
}
