/**
 * 大厅设置: what a supervisor changes day to day — notices, wait thresholds, opening hours, the holiday
 * calendar and the allocation mode. Each card saves on its own; the server validates (zod) and its
 * messages are shown next to the card. Changes apply at once and are audited.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryName, errorText, useCategories, useSupervisor } from './supervisor-data.ts';

interface Span {
  open: string;
  close: string;
}
interface Settings {
  allocationMode: 'off' | 'advisory' | 'automatic';
  waitThresholds: Record<string, number>;
  longPauseMinutes: number;
  hours: { weekdays: Span[]; saturday: Span[]; sunday: Span[]; holidays: string[]; workdays: string[] };
  notices: string[];
  updatedAt: Record<string, { at: string; by: string | null }>;
}

type SaveState = { busy: boolean; error: string | null; saved: boolean };
const IDLE: SaveState = { busy: false, error: null, saved: false };

function useSaver(fieldLabel?: (path: string) => string | undefined) {
  const { t, i18n } = useTranslation();
  const [s, setS] = useState<SaveState>(IDLE);
  const save = useCallback(
    async (fn: () => Promise<void>, check?: () => string | null) => {
      const problem = check?.() ?? null;
      if (problem) {
        setS({ busy: false, error: problem, saved: false });
        return;
      }
      setS({ busy: true, error: null, saved: false });
      try {
        await fn();
        setS({ busy: false, error: null, saved: true });
      } catch (err) {
        setS({ busy: false, error: errorText(err, i18n.language, fieldLabel), saved: false });
      }
    },
    [i18n.language, fieldLabel],
  );
  const reset = useCallback(() => setS((x) => (x.saved || x.error ? IDLE : x)), []);
  void t;
  return { state: s, save, reset };
}

function Card({
  title,
  help,
  children,
  state,
  onSave,
  testId,
  meta,
}: {
  title: string;
  help?: string;
  children: ReactNode;
  state: SaveState;
  onSave: () => void;
  testId: string;
  meta?: string | null;
}) {
  const { t } = useTranslation();
  return (
    <section className="cs-card sv-set-card" data-testid={testId}>
      <div className="cs-card-head">
        <span className="cs-card-title">{title}</span>
        {meta ? <span className="cs-muted sv-small">{meta}</span> : null}
      </div>
      <div className="cs-card-body">
        {help ? <p className="sv-help">{help}</p> : null}
        {children}
      </div>
      <div className="sv-set-foot">
        {state.error ? (
          <span className="sv-error-inline" role="alert" data-testid={`${testId}-error`}>
            {state.error}
          </span>
        ) : null}
        {state.saved ? (
          <span className="sv-saved" data-testid={`${testId}-saved`}>
            ✓ {t('settings.saved')}
          </span>
        ) : null}
        <button type="button" className="cs-btn cs-btn-primary" disabled={state.busy} onClick={onSave} data-testid={`${testId}-save`}>
          {state.busy ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
    </section>
  );
}

export function SettingsView() {
  const { t, i18n } = useTranslation();
  const { call, hall } = useSupervisor();
  const cats = useCategories();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [notices, setNotices] = useState<string[]>([]);
  const [thresholds, setThresholds] = useState<Record<string, string>>({});
  const [longPause, setLongPause] = useState('');
  const [hours, setHours] = useState<{ weekdays: Span[]; saturday: Span[]; sunday: Span[] }>({ weekdays: [], saturday: [], sunday: [] });
  const [holidays, setHolidays] = useState<string[]>([]);
  const [workdays, setWorkdays] = useState<string[]>([]);
  const [mode, setMode] = useState<Settings['allocationMode']>('advisory');
  const fieldLabel = useCallback(
    (path: string): string | undefined => {
      const [head, key] = path.split('.');
      if (head === 'waitThresholds' && key) return categoryName(cats.get(key), i18n.language, key);
      if (head === 'longPauseMinutes') return t('settings.longPause');
      if (head === 'weekdays' || head === 'saturday' || head === 'sunday') return t(`settings.${head}`);
      if (head === 'holidays' || head === 'workdays') return t(`settings.${head}`);
      return undefined;
    },
    [cats, i18n.language, t],
  );
  const noticeSaver = useSaver();
  const thrSaver = useSaver(fieldLabel);
  const hoursSaver = useSaver(fieldLabel);
  const calSaver = useSaver(fieldLabel);
  const modeSaver = useSaver();

  const apply = useCallback((s: Settings) => {
    setSettings(s);
    setNotices(s.notices);
    setThresholds(Object.fromEntries(Object.entries(s.waitThresholds).map(([k, v]) => [k, String(v)])));
    setLongPause(String(s.longPauseMinutes));
    setHours({ weekdays: s.hours.weekdays, saturday: s.hours.saturday, sunday: s.hours.sunday });
    setHolidays(s.hours.holidays);
    setWorkdays(s.hours.workdays);
    setMode(s.allocationMode);
  }, []);
  useEffect(() => {
    call<Settings>('/settings/hall')
      .then(apply)
      .catch(() => undefined);
  }, [call, apply]);
  const meta = (section: string) => {
    const u = settings?.updatedAt[section];
    return u ? t('settings.lastChanged', { t: u.at.slice(0, 16).replace('T', ' '), by: u.by ?? '' }) : null;
  };
  const num = (v: string) => (v.trim() === '' || !/^-?\d+(\.\d+)?$/.test(v.trim()) ? Number.NaN : Number(v));

  if (!settings) return <div className="sv-empty">{t('common.loading')}</div>;
  return (
    <div className="sv-settings">
      <div className="sv-set-col">
        <Card
          title={t('settings.thresholds')}
          help={t('settings.thresholdsHelp')}
          state={thrSaver.state}
          testId="set-thresholds"
          meta={meta('thresholds')}
          onSave={() =>
            void thrSaver.save(async () => {
              apply(
                await call<Settings>('/settings/thresholds', {
                  method: 'PUT',
                  body: {
                    waitThresholds: Object.fromEntries(Object.entries(thresholds).map(([k, v]) => [k, num(v)])),
                    longPauseMinutes: num(longPause),
                  },
                }),
              );
            })
          }
        >
          <div className="sv-thr-grid">
            {(hall?.categories ?? []).map((c) => (
              <label key={c.id} className="sv-thr">
                <span>
                  <span className="sv-cat-bar" style={{ background: c.color }} />
                  {categoryName(cats.get(c.id), i18n.language, c.id)}
                </span>
                <input
                  type="number"
                  min={1}
                  max={600}
                  className="cs-input"
                  value={thresholds[c.id] ?? ''}
                  onChange={(e) => {
                    thrSaver.reset();
                    setThresholds((x) => ({ ...x, [c.id]: e.target.value }));
                  }}
                  data-testid={`thr-${c.id}`}
                />
                <small>{t('settings.minutesUnit')}</small>
              </label>
            ))}
            <label className="sv-thr is-wide">
              <span>{t('settings.longPause')}</span>
              <input
                type="number"
                min={1}
                max={240}
                className="cs-input"
                value={longPause}
                onChange={(e) => {
                  thrSaver.reset();
                  setLongPause(e.target.value);
                }}
                data-testid="thr-long-pause"
              />
              <small>{t('settings.minutesUnit')}</small>
            </label>
          </div>
        </Card>
        <Card
          title={t('settings.hours')}
          help={t('settings.hoursHelp')}
          state={hoursSaver.state}
          testId="set-hours"
          meta={meta('hours')}
          onSave={() =>
            void hoursSaver.save(async () => {
              apply(await call<Settings>('/settings/hours', { method: 'PUT', body: hours }));
            })
          }
        >
          {(['weekdays', 'saturday', 'sunday'] as const).map((d) => (
            <div key={d} className="sv-hours-row" data-testid={`hours-${d}`}>
              <span className="sv-hours-day">{t(`settings.${d}`)}</span>
              <div className="sv-spans">
                {hours[d].length === 0 ? <span className="cs-muted">{t('settings.closed')}</span> : null}
                {hours[d].map((s, i) => (
                  <span key={i} className="sv-span">
                    <HhmmInput
                      value={s.open}
                      onChange={(v) => {
                        hoursSaver.reset();
                        setHours((h) => ({ ...h, [d]: h[d].map((x, j) => (j === i ? { ...x, open: v } : x)) }));
                      }}
                      testId={`hours-${d}-${i}-open`}
                    />
                    <span>—</span>
                    <HhmmInput
                      value={s.close}
                      onChange={(v) => {
                        hoursSaver.reset();
                        setHours((h) => ({ ...h, [d]: h[d].map((x, j) => (j === i ? { ...x, close: v } : x)) }));
                      }}
                      testId={`hours-${d}-${i}-close`}
                    />
                    <button
                      type="button"
                      className="sv-x"
                      aria-label={t('settings.remove')}
                      onClick={() => {
                        hoursSaver.reset();
                        setHours((h) => ({ ...h, [d]: h[d].filter((_, j) => j !== i) }));
                      }}
                    >
                      ×
                    </button>
                  </span>
                ))}
                {hours[d].length < 4 ? (
                  <button
                    type="button"
                    className="sv-mini"
                    onClick={() => {
                      hoursSaver.reset();
                      setHours((h) => ({ ...h, [d]: [...h[d], { open: '09:00', close: '12:00' }] }));
                    }}
                  >
                    + {t('settings.addSpan')}
                  </button>
                ) : null}
              </div>
            </div>
          ))}
        </Card>
        <Card
          title={t('settings.mode')}
          state={modeSaver.state}
          testId="set-mode"
          meta={meta('mode')}
          onSave={() =>
            void modeSaver.save(async () => {
              apply(await call<Settings>('/settings/allocation-mode', { method: 'PUT', body: { mode } }));
            })
          }
        >
          <div className="sv-radio-list">
            {(['off', 'advisory', 'automatic'] as const).map((m) => {
              const key = `${m[0]?.toUpperCase()}${m.slice(1)}`;
              return (
                <label key={m} className={`sv-radio ${mode === m ? 'is-on' : ''}`}>
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === m}
                    onChange={() => {
                      modeSaver.reset();
                      setMode(m);
                    }}
                    data-testid={`set-mode-${m}`}
                  />
                  <span>
                    <b>{t(`allocation.mode${key}`)}</b>
                    <small>{t(`allocation.mode${key}Help`)}</small>
                  </span>
                </label>
              );
            })}
          </div>
        </Card>
      </div>
      <div className="sv-set-col">
        <Card
          title={t('settings.notices')}
          help={t('settings.noticesHelp')}
          state={noticeSaver.state}
          testId="set-notices"
          onSave={() =>
            void noticeSaver.save(
              async () => {
                const r = await call<{ notices: string[] }>('/hall/notices', {
                  method: 'PUT',
                  body: { notices: notices.map((n) => n.trim()) },
                });
                setNotices(r.notices);
              },
              () =>
                notices.some((n) => n.trim() === '')
                  ? t('settings.noticeEmpty')
                  : notices.some((n) => n.trim().length > 200)
                    ? t('settings.tooLong')
                    : null,
            )
          }
        >
          <ol className="sv-notices">
            {notices.map((n, i) => (
              <li key={i}>
                <textarea
                  className="cs-textarea"
                  rows={2}
                  value={n}
                  maxLength={220}
                  onChange={(e) => {
                    noticeSaver.reset();
                    setNotices((x) => x.map((y, j) => (j === i ? e.target.value : y)));
                  }}
                  data-testid={`notice-${i}`}
                />
                <div className="sv-notice-side">
                  <small className={n.trim().length > 200 ? 'is-bad' : ''}>{n.trim().length}/200</small>
                  <button
                    type="button"
                    className="sv-x"
                    aria-label={t('settings.remove')}
                    onClick={() => {
                      noticeSaver.reset();
                      setNotices((x) => x.filter((_, j) => j !== i));
                    }}
                  >
                    ×
                  </button>
                </div>
              </li>
            ))}
          </ol>
          {notices.length < 20 ? (
            <button
              type="button"
              className="sv-mini"
              onClick={() => {
                noticeSaver.reset();
                setNotices((x) => [...x, '']);
              }}
              data-testid="notice-add"
            >
              + {t('settings.addNotice')}
            </button>
          ) : null}
        </Card>
        <Card
          title={t('settings.calendar')}
          state={calSaver.state}
          testId="set-calendar"
          meta={meta('calendar')}
          onSave={() =>
            void calSaver.save(async () => {
              apply(await call<Settings>('/settings/calendar', { method: 'PUT', body: { holidays, workdays } }));
            })
          }
        >
          <DateList
            label={t('settings.holidays')}
            dates={holidays}
            onChange={(d) => {
              calSaver.reset();
              setHolidays(d);
            }}
            testId="holidays"
            tone="red"
          />
          <DateList
            label={t('settings.workdays')}
            dates={workdays}
            onChange={(d) => {
              calSaver.reset();
              setWorkdays(d);
            }}
            testId="workdays"
            tone="blue"
          />
        </Card>
      </div>
    </div>
  );
}

function DateList({
  label,
  dates,
  onChange,
  testId,
  tone,
}: {
  label: string;
  dates: string[];
  onChange: (d: string[]) => void;
  testId: string;
  tone: 'red' | 'blue';
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    if (!adding) return;
    if (!isIsoDate(adding)) {
      setError(t('settings.badDate'));
      return;
    }
    if (dates.includes(adding)) {
      setError(t('settings.dupDate'));
      return;
    }
    setError(null);
    onChange([...dates, adding].sort());
    setAdding('');
  };
  const byYear = new Map<string, string[]>();
  for (const d of dates) byYear.set(d.slice(0, 4), [...(byYear.get(d.slice(0, 4)) ?? []), d]);
  return (
    <div className="sv-datelist" data-testid={testId}>
      <div className="sv-datelist-head">
        <b>{label}</b>
        <span className="cs-muted sv-small">{dates.length}</span>
        <span className="sv-datelist-add">
          <input
            className="cs-input sv-date-input"
            placeholder="2026-10-01"
            maxLength={10}
            value={adding}
            onChange={(e) => {
              setAdding(e.target.value.trim());
              setError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') add();
            }}
            data-testid={`${testId}-input`}
          />
          <button type="button" className="sv-mini" onClick={add} data-testid={`${testId}-add`}>
            {t('settings.addDate')}
          </button>
        </span>
      </div>
      {error ? <div className="sv-error-inline">{error}</div> : null}
      <div className="sv-dates">
        {[...byYear.entries()].map(([y, ds]) => (
          <div key={y} className="sv-dates-year">
            <span className="sv-year">{y}</span>
            {ds.map((d) => (
              <span key={d} className={`sv-date is-${tone}`}>
                {d.slice(5)}
                <button type="button" aria-label={t('settings.remove')} onClick={() => onChange(dates.filter((x) => x !== d))}>
                  ×
                </button>
              </span>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** `YYYY-MM-DD` that is a real calendar date. */
export function isIsoDate(v: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)
  );
}

/** A 24-hour `HH:MM` field (native time inputs follow the browser's locale and may show AM/PM). */
function HhmmInput({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const isValid = /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
  return (
    <input
      className={`cs-input sv-hhmm ${isValid ? '' : 'is-bad'}`}
      value={value}
      maxLength={5}
      placeholder="08:30"
      inputMode="numeric"
      onChange={(e) => onChange(e.target.value.replace(/[：.]/g, ':'))}
      data-testid={testId}
      aria-invalid={!isValid}
    />
  );
}
