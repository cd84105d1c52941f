/**
 * 窗口调度: every window with what it serves and one-click presets, the allocator's mode and proposals
 * (advisory: apply with one click; automatic: applied by the server), and today's changes from the audit log.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import type { WindowState } from '@hall/contract';
import { CardHead } from '../shared/CardHead.tsx';
import { CategoryChips } from './CategoryChip.tsx';
import { useAllocationDialog } from './AllocationDialog.tsx';
import { ClockIcon, LockIcon } from './Icons.tsx';
import { windowLook } from './WindowCard.tsx';
import { categoryName, errorText, hhmm, useCategories, useSupervisor } from './supervisor-data.ts';
import { Segmented } from './Segmented.tsx';

interface HistoryEvent {
  id: number;
  at: string;
  type: string;
  actor: string;
  actorName: string;
  source: string;
  windowId: string | null;
  data: { before?: string[]; after?: string[]; reason?: string; until?: number | null };
}

const MODES = ['off', 'advisory', 'automatic'] as const;
/** How long a one-click 支援 may last, in hours; the first is the suggested one. */
const SUPPORT_HOURS = [1, 2];

export function AllocationView() {
  const { t, i18n } = useTranslation();
  const { state, proposals, call, refreshProposals, refreshAllocation, allocationWindows, hall } = useSupervisor();
  const cats = useCategories();
  const tz = hall?.timeZone ?? 'Asia/Shanghai';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** A one-click 支援 asks first: how long (temporary by default), or not at all. */
  const [confirm, setConfirm] = useState<{ windowId: string; categories: string[]; help: string } | null>(null);
  const [history, setHistory] = useState<HistoryEvent[]>([]);
  const name = (id: string) => categoryName(cats.get(id), i18n.language, id);
  const windows = [...(state?.windows ?? [])].sort((a, b) => a.number - b.number);
  const allocation = useAllocationDialog(windows);
  const mode = proposals?.mode ?? 'advisory';

  const historyKey = windows.map((w) => `${w.allocation.join('+')}${w.allocationUntil ?? ''}`).join('|');
  useEffect(() => {
    let isLive = true;
    call<{ events: HistoryEvent[] }>('/allocation/history')
      .then((r) => {
        if (isLive) setHistory(r.events);
      })
      .catch(() => undefined);
    return () => {
      isLive = false;
    };
  }, [call, historyKey]);

  const run = async (key: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(key);
    setError(null);
    try {
      await fn();
      if (done) allocation.showToast(done);
      refreshProposals();
      refreshAllocation();
    } catch (err) {
      setError(errorText(err, i18n.language));
    } finally {
      setBusy(null);
    }
  };
  const setMode = (m: (typeof MODES)[number]) =>
    run(`mode-${m}`, () => call('/settings/allocation-mode', { method: 'PUT', body: { mode: m } }));
  const quick = (w: WindowState, categories: string[], hours?: number) => {
    setConfirm(null);
    const until = hours === undefined ? undefined : new Date(Date.now() + (state?.clockSkewMs ?? 0) + hours * 3600_000).toISOString();
    return run(
      `quick-${w.id}`,
      () => call(`/windows/${w.id}/allocation`, { method: 'PUT', body: { categories, ...(until ? { until } : {}) } }),
      t('alloc.done', { name: w.name, cats: categories.map(name).join('、') }),
    );
  };
  const windowName = (id: string | null) => windows.find((w) => w.id === id)?.name ?? id ?? '';

  return (
    <div className="sv-alloc-page">
      <section className="cs-card sv-alloc-table-card">
        <CardHead title={t('allocation.windows')} />
        {error ? (
          <div className="sv-error" role="alert" data-testid="alloc-error">
            {error}
          </div>
        ) : null}
        <div className="sv-scroll">
          <DataTable
            keyPrefix="allocation.col"
            columns={['window', 'staff', 'status', 'allocation', 'until', 'actions']}
            className="sv-table sv-alloc-table"
            testId="alloc-table"
          >
            {windows.map((w) => {
              const info = allocationWindows.get(w.id);
              const allowed = info?.allowed ?? w.skills;
              const home = allowed.includes(w.home) ? w.home : (allowed[0] ?? w.home);
              const serving = w.allocation.length > 0 ? w.allocation : [w.home];
              const look = windowLook(w);
              const helps = allowed.filter((c) => c !== home && !serving.includes(c));
              return (
                <tr key={w.id} data-testid={`alloc-row-${w.id}`}>
                  <td title={w.zone ?? undefined}>
                    <b className="sv-row-no">{w.number}</b> {w.name}
                  </td>
                  <td>{w.staff?.displayName ?? <span className="cs-muted">{t('window.noStaff')}</span>}</td>
                  <td>
                    <span className={`sv-state is-${look}`}>{t(`status.${look}`)}</span>
                  </td>
                  <td>
                    <CategoryChips ids={serving} testId={`alloc-row-${w.id}-chips`} />
                  </td>
                  <td className="sv-small">
                    {w.allocationUntil ? (
                      <span className="sv-flag">
                        <ClockIcon size={12} />
                        {hhmm(w.allocationUntil, tz)}
                      </span>
                    ) : (
                      <span className="cs-muted">{t('allocation.permanent')}</span>
                    )}
                    {w.allocationPinned ? (
                      <span className="sv-flag" title={t('window.pinned')}>
                        <LockIcon size={12} />
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <div className="sv-row-actions">
                      {confirm?.windowId === w.id ? (
                        <span className="sv-confirm" data-testid={`confirm-${w.id}`}>
                          {t('alloc.confirmSupport', { name: name(confirm.help) })}
                          {SUPPORT_HOURS.map((hours, i) => (
                            <button
                              key={hours}
                              type="button"
                              className={i === 0 ? 'sv-mini is-primary' : 'sv-mini'}
                              disabled={busy !== null}
                              onClick={() => void quick(w, confirm.categories, hours)}
                              data-testid={`confirm-${w.id}-${hours}h`}
                            >
                              {t('alloc.forHours', { count: hours })}
                            </button>
                          ))}
                          <button type="button" className="sv-mini" onClick={() => setConfirm(null)} data-testid={`confirm-${w.id}-cancel`}>
                            {t('alloc.cancel')}
                          </button>
                        </span>
                      ) : (
                        helps.slice(0, 2).map((c) => (
                          <button
                            key={c}
                            type="button"
                            className="sv-mini"
                            disabled={busy !== null}
                            onClick={() =>
                              setConfirm({ windowId: w.id, categories: [...serving.filter((x) => allowed.includes(x)), c], help: c })
                            }
                            data-testid={`quick-${w.id}-${c}`}
                          >
                            {t('alloc.support', { name: name(c) })}
                          </button>
                        ))
                      )}
                      {serving.length !== 1 || serving[0] !== home ? (
                        <button
                          type="button"
                          className="sv-mini"
                          disabled={busy !== null}
                          onClick={() => void quick(w, [home])}
                          data-testid={`quick-${w.id}-home`}
                        >
                          {t('alloc.home', { name: name(home) })}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="sv-mini is-primary"
                        onClick={() => allocation.openFor(w.id)}
                        data-testid={`adjust-${w.id}`}
                      >
                        {t('alloc.adjust')}
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </div>
      </section>
      <div className="sv-side">
        <section className="cs-card">
          <CardHead title={t('allocation.mode')} />
          <div className="cs-card-body">
            <Segmented
              as="radios"
              className="sv-seg-wide"
              groupTestId="mode-switch"
              options={MODES}
              value={mode}
              onChange={(m) => void setMode(m)}
              isDisabled={busy !== null}
              label={(m) => t(`allocation.mode${m[0]?.toUpperCase()}${m.slice(1)}`)}
              testIdPrefix="mode"
            />
            <p className="sv-help">{t(`allocation.mode${mode[0]?.toUpperCase()}${mode.slice(1)}Help`)}</p>
          </div>
        </section>
        <section className="cs-card sv-proposals">
          <CardHead title={t('allocation.proposals')}>
            {proposals?.evaluatedAt ? (
              <span className="cs-muted sv-small">{t('allocation.evaluatedAt', { t: hhmm(proposals.evaluatedAt, tz) })}</span>
            ) : null}
            <button
              type="button"
              className="sv-mini"
              disabled={busy !== null || mode === 'off'}
              onClick={() => void run('eval', () => call('/allocation/run', { method: 'POST', body: {} }))}
              data-testid="evaluate"
            >
              {t('allocation.evaluate')}
            </button>
          </CardHead>
          <div className="cs-card-body">
            {mode === 'automatic' ? <p className="sv-help">{t('allocation.automaticNote')}</p> : null}
            {(proposals?.proposals.length ?? 0) === 0 ? (
              <div className="sv-empty" data-testid="no-proposals">
                {t('allocation.noProposals')}
              </div>
            ) : (
              <ul className="sv-proposal-list" data-testid="proposals">
                {proposals?.proposals.map((p) => (
                  <li key={p.id} className="sv-proposal" data-testid={`proposal-${p.windowId}`}>
                    <div className="sv-proposal-head">
                      <b>{windowName(p.windowId)}</b>
                      <CategoryChips ids={p.from} />
                      <span className="sv-arrow">→</span>
                      <CategoryChips ids={p.to} />
                    </div>
                    <div className="sv-proposal-why">{p.summary}</div>
                    <div className="sv-proposal-actions">
                      <button
                        type="button"
                        className="cs-btn cs-btn-primary sv-btn-sm"
                        disabled={busy !== null}
                        onClick={() =>
                          void run(
                            `apply-${p.id}`,
                            () => call(`/allocation/proposals/${p.id}/apply`, { method: 'POST', body: {} }),
                            p.summary,
                          )
                        }
                        data-testid={`apply-${p.windowId}`}
                      >
                        {t('allocation.applyProposal')}
                      </button>
                      <button
                        type="button"
                        className="cs-btn cs-btn-ghost sv-btn-sm"
                        disabled={busy !== null}
                        onClick={() =>
                          void run(`dismiss-${p.id}`, () => call(`/allocation/proposals/${p.id}/dismiss`, { method: 'POST', body: {} }))
                        }
                      >
                        {t('allocation.dismiss')}
                      </button>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
        <section className="cs-card sv-history">
          <CardHead title={t('allocation.history')} />
          <div className="cs-card-body sv-scroll">
            {history.length === 0 ? (
              <div className="sv-empty">{t('allocation.noHistory')}</div>
            ) : (
              <ul className="sv-history-list" data-testid="alloc-history">
                {history.map((e) => (
                  <li key={e.id}>
                    <span className="sv-history-time">{hhmm(e.at, tz)}</span>
                    <div>
                      <b>{windowName(e.windowId)}</b> <CategoryChips ids={e.data.before ?? []} />
                      <span className="sv-arrow">→</span>
                      <CategoryChips ids={e.data.after ?? []} />
                      <div className="cs-muted sv-small">
                        {e.type === 'window.allocation_reverted'
                          ? t('allocation.reverted')
                          : `${t('allocation.by')}：${e.actor === 'allocator' ? t('allocation.system') : e.actor === 'system' ? t('allocation.scheduler') : e.actorName}`}
                        {e.data.until ? ` · ${t('window.temporary', { t: hhmm(e.data.until, tz) })}` : ''}
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
      {allocation.element}
    </div>
  );
}
