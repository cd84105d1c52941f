/**
 * 统计报表: a day or a date range — key figures, charts (per hour, per category), tables by category, window,
 * staff, hour and day, pause time by reason, appointment attendance, how true the wait estimates were, and
 * 好差评; exports to Excel and CSV.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import type { ChartConfiguration } from 'chart.js';
import type { ErrorParams, ReportRow } from '@hall/contract';
import { ChartCanvas } from '../shared/ChartCanvas.tsx';
import { CardHead } from '../shared/CardHead.tsx';
import { DownloadIcon } from './Icons.tsx';
import { errorText, useCategories, useSupervisor } from './supervisor-data.ts';
import { useReport } from './useReport.ts';
import { isIsoDate } from './SettingsView.tsx';
import { Segmented } from './Segmented.tsx';

function shiftDay(d: string, by: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}

type Tab = 'byCategory' | 'byWindow' | 'byStaff' | 'byHour' | 'byDay' | 'byPriorityGroup';
const REPORT_TABS: Tab[] = ['byCategory', 'byWindow', 'byStaff', 'byHour', 'byDay', 'byPriorityGroup'];
const REPORT_MODES = ['day', 'range'] as const;

/** The report table's columns: the first holds the row's label; rating columns only when ratings are recorded. */
function reportColumns(isHandled: boolean, hasRatings: boolean): string[] {
  const figures = ['served', 'noShow', 'cancelled', 'transferred', 'suspended', 'waitMean', 'waitP90', 'serviceMean', 'serviceP90'];
  const ratings = hasRatings ? ['ratingsCount', 'goodRate', 'badCount'] : [];
  return ['', isHandled ? 'handled' : 'issued', ...figures, ...ratings];
}

export function ReportsView() {
  const { t, i18n } = useTranslation();
  const { state, session } = useSupervisor();
  const cats = useCategories();
  const today = state?.businessDate ?? '';
  const [mode, setMode] = useState<(typeof REPORT_MODES)[number]>('day');
  const [date, setDate] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [tab, setTab] = useState<Tab>('byCategory');
  const [exporting, setExporting] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const day = date || today;
  const rFrom = from || today;
  const rTo = to || today;
  const datesOk = mode === 'day' ? isIsoDate(day) : isIsoDate(rFrom) && isIsoDate(rTo);
  const isRangeBad = mode === 'range' && datesOk && rFrom > rTo;
  const query = !today || isRangeBad || !datesOk ? null : mode === 'day' ? `date=${day}` : `from=${rFrom}&to=${rTo}`;
  const { body, error } = useReport(query, mode === 'day' && day === today);
  const r = body?.report ?? null;

  const exportFile = async (format: 'xlsx' | 'csv') => {
    if (!query) return;
    setExporting(format);
    setExportError(null);
    try {
      const path = mode === 'day' ? `/api/v1/reports/day.${format}?date=${day}` : `/api/v1/reports/range.${format}?from=${rFrom}&to=${rTo}`;
      const res = await fetch(path, { headers: { authorization: `Bearer ${session.token}` } });
      if (!res.ok) {
        const e = ((await res.json().catch(() => null)) as { error?: { code?: string; params?: ErrorParams } } | null)?.error;
        throw Object.assign(new Error(e?.code ?? 'INTERNAL'), { code: e?.code ?? 'INTERNAL', params: e?.params });
      }
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `大厅报表-${mode === 'day' ? day : `${rFrom}至${rTo}`}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setExportError(errorText(err, i18n.language));
    } finally {
      setExporting(null);
    }
  };

  const hourChart = useMemo((): ChartConfiguration<'bar'> => {
    const tl = r?.timeline ?? [];
    return {
      type: 'bar',
      data: {
        labels: tl.map((x) => `${String(x.hour).padStart(2, '0')}:00`),
        datasets: [
          { label: t('reports.issued'), data: tl.map((x) => x.issued), backgroundColor: '#0b4ea2', borderRadius: 3, maxBarThickness: 28 },
          { label: t('reports.served'), data: tl.map((x) => x.served), backgroundColor: '#2e9d57', borderRadius: 3, maxBarThickness: 28 },
        ],
      },
      options: {
        plugins: { legend: { position: 'top', align: 'end', labels: { boxWidth: 12 } } },
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    };
  }, [r, t]);
  const catChart = useMemo((): ChartConfiguration<'bar'> => {
    const rows = r?.byCategory ?? [];
    return {
      type: 'bar',
      data: {
        labels: rows.map((x) => (i18n.language.startsWith('en') ? (cats.get(x.key)?.nameEn ?? x.label) : x.label)),
        datasets: [
          {
            label: t('reports.issued'),
            data: rows.map((x) => x.issued),
            backgroundColor: rows.map((x) => `${cats.get(x.key)?.color ?? '#0b4ea2'}55`),
            borderRadius: 3,
          },
          {
            label: t('reports.served'),
            data: rows.map((x) => x.served),
            backgroundColor: rows.map((x) => cats.get(x.key)?.color ?? '#0b4ea2'),
            borderRadius: 3,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { position: 'top', align: 'end', labels: { boxWidth: 12, color: '#4a5566' } } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
      },
    };
  }, [r, t, cats, i18n.language]);

  const rows: ReportRow[] = r ? r[tab] : [];
  const isHandled = tab === 'byWindow' || tab === 'byStaff';
  const hasRatings = r?.ratings !== null && r?.ratings !== undefined;
  const label = (row: ReportRow) =>
    tab === 'byCategory' && i18n.language.startsWith('en') ? (cats.get(row.key)?.nameEn ?? row.label) : row.label;

  return (
    <div className="sv-reports">
      <div className="sv-report-bar cs-card">
        <Segmented
          as="radios"
          options={REPORT_MODES}
          value={mode}
          onChange={setMode}
          label={(m) => t(`reports.${m}`)}
          testIdPrefix="report-mode"
        />
        {mode === 'day' ? (
          <span className="sv-inline sv-daypick">
            <span>{t('reports.date')}</span>
            <button
              type="button"
              className="sv-mini"
              onClick={() => isIsoDate(day) && setDate(shiftDay(day, -1))}
              data-testid="report-prev"
            >
              ‹ {t('reports.prevDay')}
            </button>
            <input
              className={`cs-input ${isIsoDate(day) ? '' : 'sv-date-input is-bad'}`}
              value={day}
              maxLength={10}
              placeholder="2026-11-23"
              onChange={(e) => setDate(e.target.value.trim())}
              data-testid="report-date"
            />
            <button
              type="button"
              className="sv-mini"
              disabled={!isIsoDate(day) || day >= today}
              onClick={() => setDate(shiftDay(day, 1))}
              data-testid="report-next"
            >
              {t('reports.nextDay')} ›
            </button>
          </span>
        ) : (
          <span className="sv-inline sv-daypick">
            <span>{t('reports.from')}</span>
            <input
              className={`cs-input ${isIsoDate(rFrom) ? '' : 'is-bad'}`}
              value={rFrom}
              maxLength={10}
              onChange={(e) => setFrom(e.target.value.trim())}
              data-testid="report-from"
            />
            <span>{t('reports.to')}</span>
            <input
              className={`cs-input ${isIsoDate(rTo) ? '' : 'is-bad'}`}
              value={rTo}
              maxLength={10}
              onChange={(e) => setTo(e.target.value.trim())}
              data-testid="report-to"
            />
          </span>
        )}
        {!datesOk ? <span className="sv-error-inline">{t('reports.badDate')}</span> : null}
        {isRangeBad ? <span className="sv-error-inline">{t('reports.rangeInvalid')}</span> : null}
        {error ? <span className="sv-error-inline">{errorText(error, i18n.language)}</span> : null}
        <div className="sv-tabs-spacer" />
        {body ? (
          <span className="cs-muted sv-small">{t('reports.generatedAt', { t: body.generatedAt.slice(0, 19).replace('T', ' ') })}</span>
        ) : null}
        <button
          type="button"
          className="cs-btn cs-btn-primary"
          disabled={!query || exporting !== null}
          onClick={() => void exportFile('xlsx')}
          data-testid="export-xlsx"
        >
          <DownloadIcon />
          {exporting === 'xlsx' ? t('reports.exporting') : t('reports.exportXlsx')}
        </button>
        <button
          type="button"
          className="cs-btn cs-btn-ghost"
          disabled={!query || exporting !== null}
          onClick={() => void exportFile('csv')}
          data-testid="export-csv"
        >
          <DownloadIcon />
          {exporting === 'csv' ? t('reports.exporting') : t('reports.exportCsv')}
        </button>
      </div>
      {exportError ? (
        <div className="sv-error" role="alert">
          {exportError}
        </div>
      ) : null}
      {r ? (
        <>
          <div className="sv-report-kpis" data-testid="report-totals">
            <Fig label={t('reports.issued')} value={r.totals.issued} testId="report-issued" />
            <Fig label={t('reports.served')} value={r.totals.served} testId="report-served" />
            <Fig label={t('reports.noShow')} value={r.totals.noShow} />
            <Fig label={t('reports.transferred')} value={r.totals.transferred} />
            <Fig label={t('reports.suspended')} value={r.totals.suspended} />
            <Fig
              label={t('reports.waitMean')}
              value={r.totals.waitMinutes.mean.toFixed(1)}
              unit={t('reports.minutes')}
              sub={`P90 ${r.totals.waitMinutes.p90.toFixed(1)}`}
            />
            <Fig
              label={t('reports.serviceMean')}
              value={r.totals.serviceMinutes.mean.toFixed(1)}
              unit={t('reports.minutes')}
              sub={`P90 ${r.totals.serviceMinutes.p90.toFixed(1)}`}
            />
            <Fig
              label={t('reports.goodRate')}
              value={r.ratings && r.ratings.count > 0 ? `${r.ratings.goodRate.toFixed(1)}` : '—'}
              unit={r.ratings && r.ratings.count > 0 ? '%' : ''}
              sub={r.ratings ? `${t('reports.ratingsCount')} ${r.ratings.count}` : t('reports.ratings')}
            />
          </div>
          <div className="sv-report-charts">
            <section className="cs-card">
              <CardHead title={t('reports.hourChart')} />
              <div className="cs-card-body">
                <ChartCanvas config={hourChart} height={210} testId="report-hour-chart" label={t('reports.hourChart')} />
              </div>
            </section>
            <section className="cs-card">
              <CardHead title={t('reports.categoryChart')} />
              <div className="cs-card-body">
                <ChartCanvas config={catChart} height={210} testId="report-category-chart" label={t('reports.categoryChart')} />
              </div>
            </section>
            <section className="cs-card sv-report-side">
              <CardHead title={t('reports.pauses')}>
                <span className="cs-muted sv-small">
                  {r.pauses.count} · {r.pauses.totalMinutes} {t('reports.minutes')}
                </span>
              </CardHead>
              <div className="cs-card-body">
                {r.pauses.byReason.length === 0 ? (
                  <div className="sv-empty">{t('reports.noPauses')}</div>
                ) : (
                  <ul className="sv-bars">
                    {r.pauses.byReason.slice(0, 5).map((p) => (
                      <li key={p.key}>
                        <span>{p.label}</span>
                        <i style={{ width: `${Math.max(4, (p.minutes / Math.max(1, r.pauses.byReason[0]?.minutes ?? 1)) * 100)}%` }} />
                        <b>{p.minutes}</b>
                      </li>
                    ))}
                  </ul>
                )}
                <div className="sv-mini-figs">
                  <div>
                    <span>{t('reports.appointments')}</span>
                    <b data-testid="report-appointments">
                      {r.appointments.checkedIn}/{r.appointments.booked}
                    </b>
                    <small>
                      {t('reports.attendance')} {r.appointments.attendanceRate}%
                    </small>
                  </div>
                  <div>
                    <span>{t('reports.visits')}</span>
                    <b data-testid="report-visits">{t('reports.visitsValue', { visits: r.matters.visits, matters: r.matters.matters })}</b>
                    <small data-testid="report-matters">
                      {t('reports.mattersDone', { done: r.matters.done, matters: r.matters.matters })}
                      {r.matters.needsDocuments > 0 ? ` · ${t('reports.mattersDocs', { n: r.matters.needsDocuments })}` : ''}
                    </small>
                  </div>
                  <div title={t('reports.estimatesHint')} data-testid="report-estimates">
                    <span>{t('reports.estimates')}</span>
                    {r.estimates.tickets > 0 ? (
                      <>
                        <b>{r.estimates.withinRange}%</b>
                        <small>
                          {t('reports.estimatesWithin')} ·{' '}
                          {t('reports.estimatesError', { error: r.estimates.meanErrorMinutes.toFixed(1), share: r.estimates.errorShare })}
                        </small>
                      </>
                    ) : (
                      <>
                        <b>—</b>
                        <small>{t('reports.estimatesNone')}</small>
                      </>
                    )}
                  </div>
                  <div>
                    <span>{t('reports.ratings')}</span>
                    {r.ratings ? (
                      <>
                        <b>{r.ratings.count > 0 ? `${r.ratings.goodRate}%` : '—'}</b>
                        <small>
                          {t('reports.badCount')} {r.ratings.bad} · {t('reports.unratedRate')} {r.ratings.unratedRate}%
                          {r.ratings.rectificationRate !== null ? ` · ${t('reports.rectification')} ${r.ratings.rectificationRate}%` : ''}
                        </small>
                      </>
                    ) : (
                      <small data-testid="ratings-absent">{t('reports.ratingsAbsent')}</small>
                    )}
                  </div>
                </div>
              </div>
            </section>
          </div>
          <section className="cs-card sv-report-table">
            <div className="cs-card-head">
              <Segmented
                as="tabs"
                className="sv-seg-sm"
                options={REPORT_TABS}
                value={tab}
                onChange={setTab}
                label={(k) => t(`reports.${k}`)}
                testIdPrefix="report-tab"
              />
            </div>
            <div className="sv-scroll">
              <DataTable
                keyPrefix="reports"
                columns={reportColumns(isHandled, hasRatings)}
                className="sv-table sv-num-table"
                testId="report-table"
              >
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={14} className="sv-empty">
                      {t('reports.empty')}
                    </td>
                  </tr>
                ) : (
                  rows.map((row) => (
                    <Row
                      key={row.key}
                      row={row}
                      label={'share' in row ? `${label(row)}（${String(row.share)}%）` : label(row)}
                      hasRatings={hasRatings}
                      color={tab === 'byCategory' ? cats.get(row.key)?.color : undefined}
                    />
                  ))
                )}
                {!isHandled && tab !== 'byPriorityGroup' && rows.length > 0 ? (
                  <Row row={r.totals} label={t('reports.totals')} hasRatings={hasRatings} isTotal />
                ) : null}
              </DataTable>
            </div>
          </section>
        </>
      ) : (
        <div className="sv-empty">{t('common.loading')}</div>
      )}
    </div>
  );
}

function Row({
  row,
  label,
  hasRatings,
  isTotal,
  color,
}: {
  row: ReportRow;
  label: string;
  hasRatings: boolean;
  isTotal?: boolean;
  color?: string | undefined;
}) {
  return (
    <tr className={isTotal ? 'is-total' : ''} data-testid={isTotal ? 'report-total-row' : `report-row-${row.key}`}>
      <td>
        {color ? <span className="sv-cat-bar" style={{ background: color }} /> : null}
        {label}
      </td>
      <td className="num">{row.issued}</td>
      <td className="num">{row.served}</td>
      <td className="num">{row.noShow}</td>
      <td className="num">{row.cancelled}</td>
      <td className="num">{row.transferred}</td>
      <td className="num">{row.suspended}</td>
      <td className="num">{row.waitMinutes.mean.toFixed(1)}</td>
      <td className="num">{row.waitMinutes.p90.toFixed(1)}</td>
      <td className="num">{row.serviceMinutes.mean.toFixed(1)}</td>
      <td className="num">{row.serviceMinutes.p90.toFixed(1)}</td>
      {hasRatings ? (
        <>
          <td className="num">{row.ratings?.count ?? 0}</td>
          <td className="num">{row.ratings && row.ratings.count > 0 ? `${row.ratings.goodRate.toFixed(1)}%` : '—'}</td>
          <td className="num">{row.ratings?.bad ?? 0}</td>
        </>
      ) : null}
    </tr>
  );
}

function Fig({ label, value, unit, sub, testId }: { label: string; value: string | number; unit?: string; sub?: string; testId?: string }) {
  return (
    <div className="sv-fig" data-testid={testId}>
      <span className="sv-fig-label">{label}</span>
      <span className="sv-fig-value">
        <b>{value}</b>
        {unit ? <small>{unit}</small> : null}
      </span>
      {sub ? <span className="sv-fig-sub">{sub}</span> : null}
    </div>
  );
}
