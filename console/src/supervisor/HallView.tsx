/**
 * 大厅监控: the live hall on one 1920×1080 screen — key figures and the day's timeline on top, the hall
 * floor (windows grouped by zone) on the left, queues per category and live alerts on the right. Clicking a
 * window opens the allocation dialog.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import { waitText } from '@hall/contract';
import type { ChartConfiguration } from 'chart.js';
import type { WindowState } from '@hall/contract';
import { ChartCanvas } from '../shared/ChartCanvas.tsx';
import { CardHead } from '../shared/CardHead.tsx';
import { WindowCard } from './WindowCard.tsx';
import { useAllocationDialog } from './AllocationDialog.tsx';
import { AlertList } from './AlertList.tsx';
import { categoryName, useCategories, useServerNow, useSupervisor } from './supervisor-data.ts';
import { useReport } from './useReport.ts';

function zoneOf(w: WindowState): string {
  return (w.zone ?? '').split(/[（(]/)[0]?.trim() || '—';
}

export function useThresholds(): Record<string, number> {
  const { call } = useSupervisor();
  const [thr, setThr] = useState<Record<string, number>>({});
  useEffect(() => {
    let isLive = true;
    const load = () =>
      call<{ waitThresholds: Record<string, number> }>('/settings/hall')
        .then((s) => {
          if (isLive) setThr(s.waitThresholds);
        })
        .catch(() => undefined);
    load();
    const id = setInterval(load, 60_000);
    return () => {
      isLive = false;
      clearInterval(id);
    };
  }, [call]);
  return thr;
}

export function HallView() {
  const { t, i18n } = useTranslation();
  const { state, alerts } = useSupervisor();
  const cats = useCategories();
  const thresholds = useThresholds();
  const now = useServerNow();
  const { body } = useReport(state?.businessDate ? `date=${state.businessDate}` : null, true);
  const report = body?.report ?? null;

  const windows = useMemo(() => state?.windows ?? [], [state?.windows]);
  const allocation = useAllocationDialog(windows);
  const zones = useMemo(() => {
    const m = new Map<string, WindowState[]>();
    for (const w of [...windows].sort((a, b) => a.number - b.number)) m.set(zoneOf(w), [...(m.get(zoneOf(w)) ?? []), w]);
    return [...m.entries()];
  }, [windows]);
  const queues = state?.queues ?? [];
  const waiting = queues.reduce((a, q) => a + q.waiting, 0);
  const openWindows = windows.filter((w) => w.status !== 'closed').length;
  const liveAlerts = alerts.filter((a) => a.kind !== 'allocation_proposal' || a.acknowledgedAt === null);
  const unacked = alerts.filter((a) => a.acknowledgedAt === null && a.kind !== 'allocation_proposal').length;

  const chart = useMemo((): ChartConfiguration<'bar'> => {
    const tl = report?.timeline ?? [];
    const first = Math.min(8, ...tl.map((x) => x.hour));
    const last = Math.max(17, ...tl.map((x) => x.hour));
    const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
    const get = (h: number) => tl.find((x) => x.hour === h);
    return {
      type: 'bar',
      data: {
        labels: hours.map((h) => `${String(h).padStart(2, '0')}:00`),
        datasets: [
          {
            label: t('hall.legendIssued'),
            data: hours.map((h) => get(h)?.issued ?? 0),
            backgroundColor: '#0b4ea2',
            borderRadius: 3,
            maxBarThickness: 26,
          },
          {
            label: t('hall.legendServed'),
            data: hours.map((h) => get(h)?.served ?? 0),
            backgroundColor: '#2e9d57',
            borderRadius: 3,
            maxBarThickness: 26,
          },
        ],
      },
      options: {
        plugins: { legend: { position: 'top', align: 'end', labels: { boxWidth: 12, boxHeight: 12 } } },
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: '#edf1f6' } } },
      },
    };
  }, [report, t]);

  return (
    <div className="sv-hall">
      <div className="sv-hall-top">
        <div className="sv-kpis">
          <Kpi label={t('kpi.issued')} value={report?.totals.issued ?? '—'} testId="kpi-issued" />
          <Kpi label={t('kpi.served')} value={report?.totals.served ?? '—'} testId="kpi-served" tone="ok" />
          <Kpi label={t('kpi.waiting')} value={waiting} testId="kpi-waiting" tone={waiting > 0 ? 'blue' : undefined} />
          <Kpi
            label={t('kpi.avgWait')}
            value={report ? report.totals.waitMinutes.mean.toFixed(1) : '—'}
            unit={t('reports.minutes')}
            testId="kpi-wait"
          />
          <Kpi label={t('kpi.openWindows')} value={`${openWindows}`} unit={`/ ${windows.length}`} testId="kpi-windows" />
          <Kpi label={t('kpi.alerts')} value={unacked} testId="kpi-alerts" tone={unacked > 0 ? 'red' : 'ok'} />
        </div>
        <section className="cs-card sv-timeline">
          <CardHead title={t('hall.timeline')} />
          <div className="sv-timeline-body">
            <ChartCanvas config={chart} height={128} testId="timeline-chart" label={t('hall.timeline')} />
          </div>
        </section>
      </div>
      <div className="sv-hall-main">
        <section className="cs-card sv-map">
          <CardHead title={t('hall.map')}>
            <span className="sv-hint">{t('hall.clickHint')}</span>
            <span className="sv-legend">
              {(['serving', 'called', 'idle', 'paused', 'closed'] as const).map((s) => (
                <span key={s} className={`sv-legend-item is-${s}`}>
                  <i />
                  {t(`status.${s}`)}
                </span>
              ))}
            </span>
          </CardHead>
          <div className="sv-zones" data-testid="hall-map">
            {zones.map(([zone, ws]) => (
              <div key={zone} className="sv-zone" style={{ gridColumn: `span ${Math.min(5, ws.length)}` }}>
                <div className="sv-zone-title">{zone}</div>
                <div className="sv-zone-grid" style={{ gridTemplateColumns: `repeat(${Math.min(5, ws.length)}, minmax(0, 1fr))` }}>
                  {ws.map((w) => (
                    <WindowCard key={w.id} w={w} now={now} onOpen={allocation.openFor} />
                  ))}
                </div>
              </div>
            ))}
          </div>
        </section>
        <div className="sv-side">
          <section className="cs-card sv-queues">
            <CardHead title={t('hall.queues')} />
            <DataTable
              keyPrefix="hall"
              columns={['category', 'waiting', 'longest', 'predicted', 'arrivals', 'windows']}
              className="sv-table sv-queue-table"
              testId="queue-table"
            >
              {queues.map((q) => {
                const c = cats.get(q.categoryId);
                const thr = thresholds[q.categoryId];
                const level =
                  thr === undefined || q.waiting === 0
                    ? ''
                    : Math.max(q.estimatedWaitMinutes, q.longestWaitMinutes) > thr
                      ? 'is-over'
                      : q.estimatedWaitMinutes > thr * 0.8
                        ? 'is-near'
                        : '';
                return (
                  <tr key={q.categoryId} className={level} data-testid={`queue-${q.categoryId}`}>
                    <td>
                      <span className="sv-cat-bar" style={{ background: c?.color }} />
                      {categoryName(c, i18n.language, q.categoryId)}
                      <small className="cs-muted"> {c?.prefix}</small>
                    </td>
                    <td className="num">
                      <b data-testid={`queue-${q.categoryId}-waiting`}>{q.waiting}</b>
                    </td>
                    <td className="num">{q.waiting > 0 ? t('common.minutes', { n: q.longestWaitMinutes }) : '—'}</td>
                    <td className="num">
                      <span className={`sv-pred ${level}`} title={thr !== undefined ? t('hall.threshold', { n: thr }) : undefined}>
                        <span data-testid={`queue-${q.categoryId}-wait`}>
                          {q.waiting > 0 ? waitText(q.waitEstimate, i18n.language === 'en' ? 'en' : 'zh') : '—'}
                        </span>
                      </span>
                    </td>
                    <td className="num">{q.arrivalsPerHour}</td>
                    <td className="num">{q.servingWindows}</td>
                  </tr>
                );
              })}
            </DataTable>
          </section>
          <section className="cs-card sv-side-alerts">
            <CardHead title={t('hall.alerts')}>{unacked > 0 ? <span className="sv-badge is-red">{unacked}</span> : null}</CardHead>
            <div className="cs-card-body sv-scroll">
              {liveAlerts.length === 0 ? (
                <div className="sv-empty">{t('hall.noAlerts')}</div>
              ) : (
                <AlertList alerts={liveAlerts} isCompact testId="hall-alerts" />
              )}
            </div>
          </section>
        </div>
      </div>
      {allocation.element}
    </div>
  );
}

function Kpi({
  label,
  value,
  unit,
  tone,
  testId,
}: {
  label: string;
  value: string | number;
  unit?: string;
  tone?: 'ok' | 'red' | 'blue' | undefined;
  testId: string;
}) {
  return (
    <div className={`sv-kpi ${tone ? `is-${tone}` : ''}`} data-testid={testId}>
      <span className="sv-kpi-label">{label}</span>
      <span className="sv-kpi-value">
        <b>{value}</b>
        {unit ? <small>{unit}</small> : null}
      </span>
    </div>
  );
}
