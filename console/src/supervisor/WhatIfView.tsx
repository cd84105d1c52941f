/**
 * 假设分析 (what-if): replays a recorded day (today or a chosen past day) through the hall's own dispatcher
 * against a changed staffing plan — close or add windows, add a certification, set a lunch — and charts
 * both runs side by side; staffing advice per hour for a target wait; and the cross-training advisor.
 * The server does the simulation (POST /what-if/run, GET /what-if/staffing, POST /what-if/cross-training).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartConfiguration } from 'chart.js';
import { api } from '@hall/ui';
import { ChartCanvas } from '../shared/ChartCanvas.tsx';
import { categoryName, errorText, useCategories, useSupervisor } from './supervisor-data.ts';
import { isIsoDate } from './SettingsView.tsx';

interface SimReport {
  tickets: number;
  served: number;
  noShows: number;
  waitMinutes: { mean: number; p50: number; p90: number; max: number };
  byCategory: Record<string, { served: number; mean: number; p90: number; max: number }>;
}
interface WhatIfRun {
  scenario: { windows: Array<{ id: string; home: string; skills: string[] }> };
  report: SimReport;
  hourly: Array<{ hour: number; issued: number; meanWait: number }>;
  waiting: Array<[number, number]>;
}
interface RunBody {
  date: string;
  windows: Array<{ id: string; home: string; skills: string[]; staffed: boolean }>;
  assumptions: { crossSkillSlowdown: number; crossServices: number; noShowTimeoutMinutes: number };
  baseline: WhatIfRun;
  plan: WhatIfRun;
}
interface StaffingRow {
  hour: number;
  categoryId: string;
  arrivals: number;
  windowsNeeded: number;
  homeWindows: number;
}
interface CrossAdvice {
  staff: string | null;
  staffName: string | null;
  needsWindowSkill: boolean;
  windowId: string;
  categoryId: string;
  meanWaitBefore: number;
  meanWaitAfter: number;
  gainMinutes: number;
}
interface WindowPlan {
  open: boolean;
  lunchFrom: string;
  lunchTo: string;
  addSkill: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export function WhatIfView() {
  const { t, i18n } = useTranslation();
  const { state, session, hall } = useSupervisor();
  const cats = useCategories();
  const today = state?.businessDate ?? '';
  const [date, setDate] = useState('');
  const [target, setTarget] = useState('10');
  const [rows, setRows] = useState<Record<string, WindowPlan>>({});
  const [extra, setExtra] = useState<string[]>([]);
  const [extraHome, setExtraHome] = useState('');
  const [run, setRun] = useState<RunBody | null>(null);
  const [staffing, setStaffing] = useState<StaffingRow[] | null>(null);
  const [cross, setCross] = useState<CrossAdvice[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const day = date || today;
  const lang = i18n.language;
  const catName = (id: string) => categoryName(cats.get(id), lang, id);
  const winName = (id: string) => hall?.windows.find((w) => w.id === id)?.name ?? id;

  const [staffedIds, setStaffedIds] = useState<ReadonlySet<string>>(new Set());
  const plan = useMemo(() => {
    const closeWindows: string[] = [];
    const openExisting: string[] = [];
    const addSkills: Array<{ windowId: string; categoryId: string }> = [];
    const breaks: Array<{ windowId: string; from: string; to: string }> = [];
    for (const [id, r] of Object.entries(rows)) {
      const staffed = staffedIds.has(id);
      if (staffed && !r.open) closeWindows.push(id);
      if (!staffed && r.open) openExisting.push(id);
      if (r.addSkill) addSkills.push({ windowId: id, categoryId: r.addSkill });
      if (HHMM.test(r.lunchFrom) && HHMM.test(r.lunchTo) && r.lunchFrom < r.lunchTo)
        breaks.push({ windowId: id, from: r.lunchFrom, to: r.lunchTo });
    }
    return { closeWindows, openExisting, addSkills, breaks, openWindows: extra.map((home) => ({ home })) };
  }, [rows, extra, staffedIds]);

  const simulate = useCallback(async () => {
    if (!isIsoDate(day)) return;
    setBusy(true);
    setError(null);
    try {
      const targetMinutes = Math.max(1, Math.min(240, Number(target) || 10));
      const [r, s, c] = await Promise.all([
        api<RunBody>('/what-if/run', { body: { date: day, plan }, token: session.token }),
        api<{ rows: StaffingRow[] }>(`/what-if/staffing?date=${day}&targetMinutes=${targetMinutes}`, { token: session.token }),
        api<{ advice: CrossAdvice[] }>('/what-if/cross-training', { body: { date: day, plan }, token: session.token }),
      ]);
      setRun(r);
      setStaffedIds(new Set(r.windows.filter((w) => w.staffed).map((w) => w.id)));
      setStaffing(s.rows);
      setCross(c.advice);
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  }, [day, plan, target, session.token, lang]);

  // The first run loads the day as staffed, which also lists the windows for the plan editor.
  useEffect(() => {
    if (today && run === null && !busy && error === null) void simulate();
  }, [today, run, busy, error, simulate]);

  const windows = run?.windows ?? [];
  const row = (id: string): WindowPlan => rows[id] ?? { open: staffedIds.has(id), lunchFrom: '', lunchTo: '', addSkill: '' };
  const edit = (id: string, change: Partial<WindowPlan>) => setRows((r) => ({ ...r, [id]: { ...row(id), ...change } }));

  const hourChart = useMemo((): ChartConfiguration<'bar'> => {
    const hours = [...new Set([...(run?.baseline.hourly ?? []), ...(run?.plan.hourly ?? [])].map((h) => h.hour))].sort((a, b) => a - b);
    const at = (xs: WhatIfRun['hourly'] | undefined, h: number) => xs?.find((x) => x.hour === h)?.meanWait ?? 0;
    return {
      type: 'bar',
      data: {
        labels: hours.map(hh),
        datasets: [
          {
            label: t('whatIf.asStaffed'),
            data: hours.map((h) => at(run?.baseline.hourly, h)),
            backgroundColor: '#9aa5b4',
            borderRadius: 3,
            maxBarThickness: 26,
          },
          {
            label: t('whatIf.withPlan'),
            data: hours.map((h) => at(run?.plan.hourly, h)),
            backgroundColor: '#0b4ea2',
            borderRadius: 3,
            maxBarThickness: 26,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, title: { display: true, text: t('whatIf.meanWaitAxis') } } },
      },
    };
  }, [run, t]);

  const queueChart = useMemo((): ChartConfiguration<'line'> => {
    const b = run?.baseline.waiting ?? [];
    const p = run?.plan.waiting ?? [];
    const minutes = [...new Set([...b, ...p].map(([m]) => m))].sort((x, y) => x - y);
    const at = (xs: Array<[number, number]>, m: number) => xs.find(([x]) => x === m)?.[1] ?? null;
    const label = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return {
      type: 'line',
      data: {
        labels: minutes.map(label),
        datasets: [
          {
            label: t('whatIf.asStaffed'),
            data: minutes.map((m) => at(b, m)),
            borderColor: '#9aa5b4',
            backgroundColor: '#9aa5b4',
            pointRadius: 0,
            tension: 0.2,
          },
          {
            label: t('whatIf.withPlan'),
            data: minutes.map((m) => at(p, m)),
            borderColor: '#0b4ea2',
            backgroundColor: '#0b4ea2',
            pointRadius: 0,
            tension: 0.2,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { position: 'bottom' } },
        scales: { y: { beginAtZero: true, title: { display: true, text: t('whatIf.waitingAxis') } } },
      },
    };
  }, [run, t]);

  const staffingHours = [...new Set((staffing ?? []).map((r) => r.hour))].sort((a, b) => a - b);
  const staffingCats = [...new Set((staffing ?? []).map((r) => r.categoryId))];
  const f1 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(1));

  return (
    <div className="sv-whatif">
      <div className="sv-report-bar cs-card">
        <span className="sv-inline sv-daypick">
          <span>{t('whatIf.day')}</span>
          <input
            className={`cs-input ${isIsoDate(day) ? '' : 'sv-date-input is-bad'}`}
            value={day}
            maxLength={10}
            placeholder="2026-11-23"
            onChange={(e) => setDate(e.target.value.trim())}
            data-testid="whatif-date"
          />
        </span>
        <span className="sv-inline">
          <span>{t('whatIf.target')}</span>
          <input
            className="cs-input sv-num-input"
            value={target}
            maxLength={3}
            onChange={(e) => setTarget(e.target.value.trim())}
            data-testid="whatif-target"
          />
          <span>{t('reports.minutes')}</span>
        </span>
        {!isIsoDate(day) ? <span className="sv-error-inline">{t('reports.badDate')}</span> : null}
        {error ? (
          <span className="sv-error-inline" data-testid="whatif-error">
            {error}
          </span>
        ) : null}
        <div className="sv-tabs-spacer" />
        <span className="cs-muted sv-small">{t('whatIf.note')}</span>
        <button
          type="button"
          className="cs-btn cs-btn-primary"
          disabled={busy || !isIsoDate(day)}
          onClick={() => void simulate()}
          data-testid="whatif-run"
        >
          {busy ? t('whatIf.running') : t('whatIf.run')}
        </button>
      </div>

      <div className="sv-kpis sv-whatif-kpis">
        <Figure label={t('whatIf.tickets')} value={run ? String(run.baseline.report.tickets) : '—'} testId="whatif-tickets" />
        <Figure
          label={t('whatIf.meanAsStaffed')}
          value={f1(run?.baseline.report.waitMinutes.mean)}
          unit={t('reports.minutes')}
          testId="whatif-baseline-mean"
        />
        <Figure
          label={t('whatIf.meanWithPlan')}
          value={f1(run?.plan.report.waitMinutes.mean)}
          unit={t('reports.minutes')}
          testId="whatif-plan-mean"
          tone="blue"
        />
        <Figure
          label={t('whatIf.p90AsStaffed')}
          value={f1(run?.baseline.report.waitMinutes.p90)}
          unit={t('reports.minutes')}
          testId="whatif-baseline-p90"
        />
        <Figure
          label={t('whatIf.p90WithPlan')}
          value={f1(run?.plan.report.waitMinutes.p90)}
          unit={t('reports.minutes')}
          testId="whatif-plan-p90"
          tone="blue"
        />
      </div>
      {run ? (
        <p className="cs-muted sv-small sv-whatif-assumptions" data-testid="whatif-assumptions">
          {t(run.assumptions.crossServices > 0 ? 'whatIf.assumptions' : 'whatIf.assumptionsPrior', {
            x: run.assumptions.crossSkillSlowdown.toFixed(2),
            n: run.assumptions.crossServices,
            m: run.assumptions.noShowTimeoutMinutes.toFixed(1),
          })}
        </p>
      ) : null}

      <div className="sv-whatif-grid">
        <section className="cs-card">
          <div className="cs-card-head">
            <span className="cs-card-title">{t('whatIf.plan')}</span>
          </div>
          <table className="sv-table" data-testid="whatif-plan-table">
            <thead>
              <tr>
                <th>{t('whatIf.window')}</th>
                <th>{t('whatIf.home')}</th>
                <th>{t('whatIf.open')}</th>
                <th>{t('whatIf.lunch')}</th>
                <th>{t('whatIf.addSkill')}</th>
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => {
                const r = row(w.id);
                return (
                  <tr key={w.id} data-testid={`whatif-row-${w.id}`}>
                    <td>
                      {winName(w.id)}
                      {staffedIds.has(w.id) ? null : <small className="cs-muted"> · {t('whatIf.notStaffed')}</small>}
                    </td>
                    <td>{catName(w.home)}</td>
                    <td>
                      <input
                        type="checkbox"
                        checked={r.open}
                        onChange={(e) => edit(w.id, { open: e.target.checked })}
                        data-testid={`whatif-open-${w.id}`}
                      />
                    </td>
                    <td className="sv-whatif-lunch">
                      <input
                        className="cs-input"
                        value={r.lunchFrom}
                        placeholder="--:--"
                        maxLength={5}
                        onChange={(e) => edit(w.id, { lunchFrom: e.target.value.trim() })}
                        data-testid={`whatif-lunch-from-${w.id}`}
                      />
                      –
                      <input
                        className="cs-input"
                        value={r.lunchTo}
                        placeholder="--:--"
                        maxLength={5}
                        onChange={(e) => edit(w.id, { lunchTo: e.target.value.trim() })}
                        data-testid={`whatif-lunch-to-${w.id}`}
                      />
                    </td>
                    <td>
                      <select
                        className="cs-input"
                        value={r.addSkill}
                        onChange={(e) => edit(w.id, { addSkill: e.target.value })}
                        data-testid={`whatif-skill-${w.id}`}
                      >
                        <option value="">{t('whatIf.none')}</option>
                        {[...cats.keys()]
                          .filter((c) => !w.skills.includes(c))
                          .map((c) => (
                            <option key={c} value={c}>
                              {catName(c)}
                            </option>
                          ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="sv-inline sv-whatif-extra">
            <span>{t('whatIf.extraWindow')}</span>
            <select className="cs-input" value={extraHome} onChange={(e) => setExtraHome(e.target.value)} data-testid="whatif-extra-home">
              <option value="">{t('whatIf.pickCategory')}</option>
              {[...cats.keys()].map((c) => (
                <option key={c} value={c}>
                  {catName(c)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="sv-mini"
              disabled={!extraHome}
              onClick={() => extraHome && setExtra((x) => [...x, extraHome])}
              data-testid="whatif-extra-add"
            >
              {t('whatIf.add')}
            </button>
            {extra.map((c, i) => (
              <button
                key={`${c}-${i}`}
                type="button"
                className="sv-mini"
                onClick={() => setExtra((x) => x.filter((_, k) => k !== i))}
                title={t('whatIf.remove')}
              >
                {catName(c)} ×
              </button>
            ))}
          </div>
        </section>
        <div className="sv-whatif-charts">
          <section className="cs-card">
            <div className="cs-card-head">
              <span className="cs-card-title">{t('whatIf.byHour')}</span>
            </div>
            <div className="sv-whatif-chart">
              <ChartCanvas config={hourChart} height={220} testId="whatif-hour-chart" label={t('whatIf.byHour')} />
            </div>
          </section>
          <section className="cs-card">
            <div className="cs-card-head">
              <span className="cs-card-title">{t('whatIf.waitingOverDay')}</span>
            </div>
            <div className="sv-whatif-chart">
              <ChartCanvas config={queueChart} height={200} testId="whatif-queue-chart" label={t('whatIf.waitingOverDay')} />
            </div>
          </section>
        </div>
      </div>

      <div className="sv-whatif-grid">
        <section className="cs-card">
          <div className="cs-card-head">
            <span className="cs-card-title">{t('whatIf.staffing', { n: Math.max(1, Math.min(240, Number(target) || 10)) })}</span>
          </div>
          <div className="sv-whatif-scroll">
            <table className="sv-table" data-testid="whatif-staffing">
              <thead>
                <tr>
                  <th>{t('whatIf.category')}</th>
                  <th>{t('whatIf.homeWindows')}</th>
                  {staffingHours.map((h) => (
                    <th key={h}>{hh(h)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {staffingCats.map((c) => (
                  <tr key={c}>
                    <td>{catName(c)}</td>
                    <td>{staffing?.find((r) => r.categoryId === c)?.homeWindows ?? 0}</td>
                    {staffingHours.map((h) => {
                      const r = staffing?.find((x) => x.categoryId === c && x.hour === h);
                      const short = r !== undefined && r.windowsNeeded > r.homeWindows;
                      return (
                        <td
                          key={h}
                          className={short ? 'sv-whatif-short' : ''}
                          data-testid={`whatif-need-${c}-${h}`}
                          title={r ? t('whatIf.arrivals', { n: r.arrivals }) : ''}
                        >
                          {r?.windowsNeeded ?? ''}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="cs-card">
          <div className="cs-card-head">
            <span className="cs-card-title">{t('whatIf.crossTraining')}</span>
          </div>
          {cross !== null && cross.length === 0 ? <p className="cs-muted">{t('whatIf.noAdvice')}</p> : null}
          <table className="sv-table" data-testid="whatif-cross">
            <thead>
              <tr>
                <th>{t('whatIf.staff')}</th>
                <th>{t('whatIf.window')}</th>
                <th>{t('whatIf.train')}</th>
                <th>{t('whatIf.meanWithPlan')}</th>
                <th>{t('whatIf.afterTraining')}</th>
                <th>{t('whatIf.gain')}</th>
              </tr>
            </thead>
            <tbody>
              {(cross ?? []).slice(0, 12).map((a) => (
                <tr key={a.windowId} data-testid={`whatif-cross-${a.windowId}`}>
                  <td>{a.staffName ?? '—'}</td>
                  <td>{winName(a.windowId)}</td>
                  <td>
                    {catName(a.categoryId)}
                    {a.needsWindowSkill ? <span className="cs-muted"> · {t('whatIf.needsWindowSkill')}</span> : null}
                  </td>
                  <td>{a.meanWaitBefore.toFixed(2)}</td>
                  <td>{a.meanWaitAfter.toFixed(2)}</td>
                  <td>
                    <b>−{a.gainMinutes.toFixed(2)}</b> {t('reports.minutes')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}

function Figure({ label, value, unit, tone, testId }: { label: string; value: string; unit?: string; tone?: 'blue'; testId: string }) {
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
