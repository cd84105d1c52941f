/** `/city`: every hall of the city, live; drill down into one hall; the day's figures and an Excel export. */
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, DataTable, describeError, setLang, type TableColumn } from '@hall/ui';
import { useCityData, type CityStats, type HallEntry, type HallLive } from './city-data.ts';

const TOKEN_KEY = 'city.token';

export function CityApp() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    setToken(null);
  }, []);
  if (!token)
    return (
      <Login
        onLogin={(t) => {
          sessionStorage.setItem(TOKEN_KEY, t);
          setToken(t);
        }}
      />
    );
  return <Dashboard token={token} onSignOut={signOut} />;
}

function Lang() {
  const { i18n } = useTranslation();
  const zh = !i18n.language.startsWith('en');
  return (
    <div className="cy-lang" role="group" aria-label="Language">
      <button type="button" className={zh ? 'is-on' : ''} onClick={() => setLang('zh')} data-testid="lang-zh">
        中文
      </button>
      <button type="button" className={!zh ? 'is-on' : ''} onClick={() => setLang('en')} data-testid="lang-en">
        EN
      </button>
    </div>
  );
}

function Login({ onLogin }: { onLogin: (token: string) => void }) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !username || !password) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string }>('/auth/login', { body: { username: username.trim(), password } });
      onLogin(r.token);
    } catch (err) {
      setError(describeError(err, i18n.language));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="cy-login">
      <div className="cy-login-art">
        <div className="cy-emblem" aria-hidden="true">
          政
        </div>
        <h1>{t('app.title')}</h1>
        <p>{t('app.subtitle')}</p>
      </div>
      <form className="cy-login-card" onSubmit={submit} data-testid="login-form">
        <Lang />
        <h2>{t('login.heading')}</h2>
        <label>
          {t('login.username')}
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" data-testid="login-username" />
        </label>
        <label>
          {t('login.password')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            data-testid="login-password"
          />
        </label>
        {error && (
          <div className="cy-error" role="alert" data-testid="login-error">
            {error}
          </div>
        )}
        <button type="submit" className="cy-primary" disabled={busy} data-testid="login-submit">
          {busy ? t('login.busy') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}

async function downloadExport(token: string, date: string): Promise<void> {
  const res = await fetch(`/api/v1/city/export.xlsx?date=${date}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `city-${date}.xlsx`;
  a.click();
  URL.revokeObjectURL(url);
}

function Dashboard({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const { t, i18n } = useTranslation();
  const d = useCityData(token, onSignOut);
  const [open, setOpen] = useState<string | null>(null);
  const s = d.stats;
  const online = d.halls.filter((h) => h.connected).length;
  const waitingNow = [...d.live.values()].reduce((a, l) => a + l.waiting, 0);
  const alerts = [...d.live.values()].reduce((a, l) => a + l.alerts, 0);
  const hall = open ? d.halls.find((h) => h.id === open) : undefined;
  return (
    <div className="cy-page">
      <header className="cy-top">
        <div className="cy-emblem small" aria-hidden="true">
          政
        </div>
        <div className="cy-title">
          <h1>{t('app.title')}</h1>
          <span>
            {t('app.subtitle')} · {s?.date ?? ''}
          </span>
        </div>
        <span className={`cy-live ${d.socketUp ? 'is-up' : 'is-down'}`} data-testid="live-state">
          {d.socketUp ? t('top.live') : t('top.offline')}
        </span>
        <button type="button" className="cy-ghost" onClick={() => s && void downloadExport(token, s.date)} data-testid="export">
          {t('top.export')}
        </button>
        <Lang />
        <button type="button" className="cy-ghost" onClick={onSignOut}>
          {t('top.signOut')}
        </button>
      </header>
      {d.error !== null && (
        <div className="cy-error cy-banner" role="alert">
          {describeError(d.error, i18n.language)}
        </div>
      )}
      <section className="cy-tiles">
        <Tile label={t('tiles.halls')} value={String(d.halls.length)} note={t('tiles.online', { n: online })} testid="tile-halls" />
        <Tile label={t('tiles.issued')} value={String(s?.issued ?? 0)} testid="tile-issued" />
        <Tile label={t('tiles.served')} value={String(s?.served ?? 0)} testid="tile-served" />
        <Tile label={t('tiles.waiting')} value={String(waitingNow)} testid="tile-waiting" />
        <Tile label={t('tiles.wait')} value={t('tiles.minutes', { n: s?.waitMinutes.mean ?? 0 })} testid="tile-wait" />
        <Tile label={t('tiles.alerts')} value={String(alerts)} tone={alerts > 0 ? 'warn' : undefined} testid="tile-alerts" />
      </section>
      {hall ? (
        <HallDetail hall={hall} live={d.live.get(hall.id)} stats={s} onClose={() => setOpen(null)} />
      ) : (
        <div className="cy-main">
          <HallTable halls={d.halls} live={d.live} stats={s} onOpen={setOpen} />
          <Chart halls={d.halls} stats={s} />
        </div>
      )}
    </div>
  );
}

function Tile({
  label,
  value,
  note,
  tone,
  testid,
}: {
  label: string;
  value: string;
  note?: string;
  tone?: 'warn' | undefined;
  testid: string;
}) {
  return (
    <div className={`cy-tile ${tone ? `is-${tone}` : ''}`} data-testid={testid}>
      <div className="cy-tile-label">{label}</div>
      <div className="cy-tile-value">{value}</div>
      {note && <div className="cy-tile-note">{note}</div>}
    </div>
  );
}

function ago(iso: string | null, lang: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleTimeString(lang.startsWith('en') ? 'en-GB' : 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

/** The hall list's columns under `list.`; the figures are right-aligned. */
const HALL_COLUMNS: TableColumn[] = [
  'hall',
  'status',
  ...['waiting', 'windows', 'alerts', 'issued', 'served', 'waitMean'].map((key) => ({ key, className: 'num' })),
  'config',
  'lastSeen',
];

function HallTable({
  halls,
  live,
  stats,
  onOpen,
}: {
  halls: HallEntry[];
  live: Map<string, HallLive>;
  stats: CityStats | null;
  onOpen: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <section className="cy-card cy-halls">
      <h2>{t('list.heading')}</h2>
      {halls.length === 0 ? (
        <p className="cy-muted">{t('list.none')}</p>
      ) : (
        <DataTable keyPrefix="list" columns={HALL_COLUMNS}>
          {halls.map((h) => {
            const l = live.get(h.id);
            const st = stats?.byHall[h.id];
            const stale = h.config.published !== null && h.config.deployed !== h.config.published;
            return (
              <tr
                key={h.id}
                onClick={() => onOpen(h.id)}
                data-testid={`hall-row-${h.id}`}
                tabIndex={0}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(h.id)}
              >
                <td className="cy-hall-name">
                  {h.name}
                  <small>{h.id}</small>
                </td>
                <td>
                  <span className={`cy-dot ${h.connected ? 'is-on' : 'is-off'}`} />
                  {h.lastSeenAt === null ? t('list.never') : h.connected ? t('list.online') : t('list.offline')}
                </td>
                <td className="num" data-testid={`hall-waiting-${h.id}`}>
                  {l?.waiting ?? 0}
                </td>
                <td className="num">{l?.openWindows ?? 0}</td>
                <td className={`num ${l && l.alerts > 0 ? 'is-warn' : ''}`}>{l?.alerts ?? 0}</td>
                <td className="num" data-testid={`hall-issued-${h.id}`}>
                  {st?.issued ?? 0}
                </td>
                <td className="num">{st?.served ?? 0}</td>
                <td className="num">{st?.waitMinutes.mean ?? 0}</td>
                <td className={stale ? 'is-warn' : ''}>
                  {h.config.published ?? '—'} / {h.config.deployed ?? '—'}
                </td>
                <td>{ago(h.lastSeenAt, i18n.language)}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

function Chart({ halls, stats }: { halls: HallEntry[]; stats: CityStats | null }) {
  const { t } = useTranslation();
  const rows = halls.map((h) => ({
    id: h.id,
    name: h.name,
    issued: stats?.byHall[h.id]?.issued ?? 0,
    served: stats?.byHall[h.id]?.served ?? 0,
  }));
  const max = Math.max(1, ...rows.map((r) => r.issued));
  return (
    <section className="cy-card cy-chart" data-testid="chart">
      <h2>{t('chart.heading')}</h2>
      <div className="cy-legend">
        <span className="cy-key issued" /> {t('chart.issued')} <span className="cy-key served" /> {t('chart.served')}
      </div>
      {rows.map((r) => (
        <div className="cy-bar-row" key={r.id}>
          <div className="cy-bar-label">{r.name}</div>
          <div className="cy-bar-track">
            <div className="cy-bar issued" style={{ width: `${(r.issued / max) * 100}%` }} />
            <div className="cy-bar served" style={{ width: `${(r.served / max) * 100}%` }} />
          </div>
          <div className="cy-bar-value">
            {r.served}/{r.issued}
          </div>
        </div>
      ))}
    </section>
  );
}

function HallDetail({
  hall,
  live,
  stats,
  onClose,
}: {
  hall: HallEntry;
  live: HallLive | undefined;
  stats: CityStats | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const st = stats?.byHall[hall.id];
  const names = new Map((live?.live?.categories ?? []).map((c) => [c.id, c.name]));
  return (
    <section className="cy-card cy-detail" data-testid="hall-detail">
      <div className="cy-detail-head">
        <h2>{t('drill.heading', { name: hall.name })}</h2>
        <button type="button" className="cy-ghost dark" onClick={onClose} data-testid="hall-close">
          {t('drill.close')}
        </button>
      </div>
      {!live?.live ? (
        <p className="cy-muted">{t('drill.noLive')}</p>
      ) : (
        <div className="cy-detail-grid">
          <div>
            <h3>{t('drill.queues')}</h3>
            <ul className="cy-queues">
              {live.live.queues.map((q) => (
                <li key={q.categoryId}>
                  <span>{names.get(q.categoryId) ?? q.categoryId}</span>
                  <strong>{q.waiting}</strong>
                </li>
              ))}
            </ul>
            <h3>{t('drill.byCategory')}</h3>
            <ul className="cy-queues">
              {Object.entries(st?.byCategory ?? {}).map(([c, g]) => (
                <li key={c}>
                  <span>{names.get(c) ?? c}</span>
                  <strong>
                    {g.served}/{g.issued}
                  </strong>
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>{t('drill.windows')}</h3>
            <div className="cy-windows">
              {live.live.windows.map((w) => (
                <div key={w.id} className={`cy-window is-${w.status}`} data-testid={`window-${w.id}`}>
                  <div className="cy-window-name">{w.name}</div>
                  <div className="cy-window-status">{t(`win.${w.status}`)}</div>
                  <div className="cy-window-current">
                    {t('drill.current')}：{w.currentTicket ?? t('drill.idle')}
                  </div>
                </div>
              ))}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
