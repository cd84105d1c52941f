/**
 * 差评整改: the supervisor's case list (open, overdue, awaiting 复核, closed, all; by window, staff and
 * category) and one case at a time with the rating, its reasons, the citizen's comment, each step's
 * working-day deadline, who did what and when, and the actions: 核实, 整改, 回访 (with the citizen's
 * satisfaction) and 申诉 / 复核 (a second supervisor decides; the rating itself is never edited).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import type { CaseStep, RectificationCase, RevisitOutcome } from '@hall/contract';
import { describeError } from '../shared/messages.ts';
import { CardHead } from '../shared/CardHead.tsx';
import { categoryName, useCategories, useSupervisor } from './supervisor-data.ts';
import { Segmented } from './Segmented.tsx';

type Filter = 'active' | 'overdue' | 'appeal' | 'closed' | 'all';
const FILTERS: Filter[] = ['active', 'overdue', 'appeal', 'closed', 'all'];
const OUTCOMES: RevisitOutcome[] = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'];

export function CasesView() {
  const { t, i18n } = useTranslation();
  const { call, state, hall, session } = useSupervisor();
  const cats = useCategories();
  const [filter, setFilter] = useState<Filter>('active');
  const [windowId, setWindowId] = useState('');
  const [staffId, setStaffId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [cases, setCases] = useState<RectificationCase[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<RectificationCase | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const q = new URLSearchParams();
    if (filter !== 'all') q.set('status', filter);
    if (windowId) q.set('windowId', windowId);
    if (staffId) q.set('staffId', staffId);
    if (categoryId) q.set('categoryId', categoryId);
    const r = await call<{ cases: RectificationCase[] }>(`/rectifications?${q.toString()}`);
    setCases(r.cases);
  }, [call, filter, windowId, staffId, categoryId]);
  const loadDetail = useCallback(async () => {
    if (!selected) return setDetail(null);
    const r = await call<{ case: RectificationCase }>(`/rectifications/${encodeURIComponent(selected)}`);
    setDetail(r.case);
  }, [call, selected]);
  useEffect(() => {
    load().catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [load, state?.alerts, i18n.language]);
  useEffect(() => {
    loadDetail().catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [loadDetail, i18n.language]);

  const windowName = (id: string | null) => hall?.windows.find((w) => w.id === id)?.name ?? id ?? '—';
  const staffName = (id: string | null) => state?.windows.find((w) => w.staff?.username === id)?.staff?.displayName ?? id ?? '—';
  const staffIds = useMemo(() => [...new Set(cases.map((c) => c.staffId).filter((s): s is string => s !== null))], [cases]);

  const act = async (path: string, body: unknown) => {
    setError(null);
    try {
      const r = await call<{ case: RectificationCase }>(path, { method: 'POST', body });
      setDetail(r.case);
      await load();
    } catch (e) {
      setError(describeError(e, i18n.language));
    }
  };

  return (
    <div className="sv-cases-page">
      <section className="cs-card sv-cases-list">
        <CardHead title={t('cases.title')}>
          <Segmented
            as="tabs"
            className="sv-seg-sm"
            options={FILTERS}
            value={filter}
            onChange={setFilter}
            label={(f) => t(`cases.filter.${f}`)}
            testIdPrefix="cases-filter"
          />
        </CardHead>
        <div className="sv-cases-filters">
          <select className="cs-input" value={windowId} onChange={(e) => setWindowId(e.target.value)} data-testid="cases-window">
            <option value="">{t('cases.allWindows')}</option>
            {hall?.windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
          <select className="cs-input" value={staffId} onChange={(e) => setStaffId(e.target.value)} data-testid="cases-staff">
            <option value="">{t('cases.allStaff')}</option>
            {staffIds.map((s) => (
              <option key={s} value={s}>
                {staffName(s)}
              </option>
            ))}
          </select>
          <select className="cs-input" value={categoryId} onChange={(e) => setCategoryId(e.target.value)} data-testid="cases-category">
            <option value="">{t('cases.allCategories')}</option>
            {hall?.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {categoryName(c, i18n.language, c.id)}
              </option>
            ))}
          </select>
        </div>
        <div className="cs-card-body sv-scroll">
          {cases.length === 0 ? (
            <p className="cs-muted sv-empty" data-testid="cases-empty">
              {t('cases.none')}
            </p>
          ) : (
            <DataTable keyPrefix="cases" columns={['id', 'window', 'reasons', 'status', 'due']} className="sv-table" testId="cases-table">
              {cases.map((c) => {
                const next = c.deadlines.find((d) => d.step === c.nextStep);
                return (
                  <tr
                    key={c.id}
                    className={`sv-case-row${selected === c.id ? ' is-on' : ''}${c.overdue ? ' is-overdue' : ''}`}
                    onClick={() => setSelected(c.id)}
                    data-testid={`case-row-${c.id}`}
                  >
                    <td className="sv-mono">{c.id}</td>
                    <td>{windowName(c.windowId)}</td>
                    <td>{c.reasonLabels.join('、')}</td>
                    <td>
                      <StatusBadge c={c} />
                    </td>
                    <td className={c.overdue ? 'sv-red' : ''}>{next ? next.dueDate : '—'}</td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </div>
      </section>
      <section className="cs-card sv-case-detail" data-testid="case-detail">
        {detail ? (
          <CaseDetail
            c={detail}
            me={session.username}
            windowName={windowName}
            staffName={staffName}
            categoryLabel={(id) => categoryName(cats.get(id), i18n.language, id)}
            error={error}
            onAdvance={(step, note, outcome) =>
              act(`/rectifications/${encodeURIComponent(detail.id)}/advance`, { step, note, ...(outcome ? { outcome } : {}) })
            }
            onAppeal={(reason) => act(`/rectifications/${encodeURIComponent(detail.id)}/appeal`, { reason })}
            onDecide={(approve, note) => act(`/rectifications/${encodeURIComponent(detail.id)}/appeal/decide`, { approve, note })}
          />
        ) : (
          <p className="cs-muted sv-empty">{error ?? t('cases.pick')}</p>
        )}
      </section>
    </div>
  );
}

function StatusBadge({ c }: { c: RectificationCase }) {
  const { t } = useTranslation();
  if (c.appeal?.status === 'approved') return <span className="sv-pill is-grey">{t('cases.excluded')}</span>;
  return (
    <span className={`sv-pill ${c.overdue ? 'is-red' : c.status === 'closed' ? 'is-green' : 'is-blue'}`}>
      {t(`cases.state.${c.status}`)}
      {c.overdue ? ` · ${t('cases.overdue')}` : ''}
      {c.appeal?.status === 'pending' ? ` · ${t('cases.appealPending')}` : ''}
    </span>
  );
}

function CaseDetail(props: {
  c: RectificationCase;
  me: string;
  windowName: (id: string | null) => string;
  staffName: (id: string | null) => string;
  categoryLabel: (id: string) => string;
  error: string | null;
  onAdvance: (step: CaseStep, note: string, outcome?: RevisitOutcome) => Promise<void>;
  onAppeal: (reason: string) => Promise<void>;
  onDecide: (approve: boolean, note: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { c } = props;
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<RevisitOutcome>('satisfied');
  const [appealText, setAppealText] = useState('');
  useEffect(() => {
    setNote('');
    setAppealText('');
  }, [c.id, c.status, c.appeal?.status]);
  const canAppeal = c.status !== 'closed' && (c.appeal === null || c.appeal.status === 'rejected');
  const pending = c.appeal?.status === 'pending';
  return (
    <>
      <div className="cs-card-head">
        <span className="cs-card-title sv-mono">{c.id}</span>
        <StatusBadge c={c} />
      </div>
      <div className="cs-card-body sv-scroll sv-case-body">
        <dl className="sv-case-facts">
          <dt>{t('cases.rating')}</dt>
          <dd data-testid="case-level">{t(`cases.level.${c.level}`)}</dd>
          <dt>{t('cases.ticket')}</dt>
          <dd>{c.ticketNumber}</dd>
          <dt>{t('cases.window')}</dt>
          <dd>
            {props.windowName(c.windowId)} · {props.staffName(c.staffId)}
          </dd>
          <dt>{t('cases.category')}</dt>
          <dd>{props.categoryLabel(c.categoryId)}</dd>
          <dt>{t('cases.reasons')}</dt>
          <dd>{c.reasonLabels.join('、')}</dd>
          <dt>{t('cases.comment')}</dt>
          <dd className="sv-case-comment" data-testid="case-comment">
            {c.comment ?? t('cases.noComment')}
          </dd>
          {c.followUp ? (
            <>
              <dt>{t('cases.followUp')}</dt>
              <dd>
                {t(`cases.level.${c.followUp.level}`)}
                {c.followUp.comment ? ` · ${c.followUp.comment}` : ''}
              </dd>
            </>
          ) : null}
        </dl>
        <h4 className="sv-case-h">{t('cases.deadlines')}</h4>
        <ol className="sv-steps" data-testid="case-deadlines">
          {c.deadlines.map((d) => (
            <li
              key={d.step}
              className={d.doneAt ? 'is-done' : c.nextStep === d.step ? (c.overdue ? 'is-late' : 'is-now') : ''}
              data-testid={`deadline-${d.step}`}
            >
              <b>{t(`cases.step.${d.step}`)}</b>
              <span>
                {t('cases.dueBy', { date: d.dueDate })}
                {d.doneAt ? ` · ${t('cases.doneBy', { at: d.doneAt.slice(0, 16).replace('T', ' '), who: d.doneBy ?? '' })}` : ''}
              </span>
            </li>
          ))}
        </ol>
        {c.nextStep && c.appeal?.status !== 'approved' ? (
          <div className="sv-case-action">
            <h4 className="sv-case-h">{t(`cases.do.${c.nextStep}`)}</h4>
            <textarea
              className="cs-textarea"
              rows={2}
              value={note}
              placeholder={t(`cases.notePlaceholder.${c.nextStep}`)}
              onChange={(e) => setNote(e.target.value)}
              data-testid="case-note"
            />
            {c.nextStep === 'revisit' ? (
              <Segmented
                as="radios"
                className="sv-seg-sm"
                groupLabel={t('cases.outcome')}
                options={OUTCOMES}
                value={outcome}
                onChange={setOutcome}
                label={(o) => t(`cases.outcomes.${o}`)}
                testIdPrefix="case-outcome"
              />
            ) : null}
            <button
              type="button"
              className="cs-btn cs-btn-primary"
              disabled={note.trim() === ''}
              onClick={() => void props.onAdvance(c.nextStep as CaseStep, note.trim(), c.nextStep === 'revisit' ? outcome : undefined)}
              data-testid="case-advance"
            >
              {t(`cases.do.${c.nextStep}`)}
            </button>
          </div>
        ) : null}
        <div className="sv-case-action sv-case-appeal">
          <h4 className="sv-case-h">{t('cases.appeal')}</h4>
          {c.appeal ? (
            <p className="sv-small" data-testid="case-appeal">
              {t(`cases.appealState.${c.appeal.status}`, { by: c.appeal.by, decidedBy: c.appeal.decidedBy ?? '' })} — {c.appeal.reason}
            </p>
          ) : (
            <p className="cs-muted sv-small">{t('cases.appealHint')}</p>
          )}
          {pending ? (
            c.appeal?.by === props.me ? (
              <p className="cs-muted sv-small" data-testid="case-appeal-wait">
                {t('cases.appealWait')}
              </p>
            ) : (
              <>
                <textarea
                  className="cs-textarea"
                  rows={2}
                  value={appealText}
                  placeholder={t('cases.decideNote')}
                  onChange={(e) => setAppealText(e.target.value)}
                  data-testid="case-decide-note"
                />
                <div className="sv-case-buttons">
                  <button
                    type="button"
                    className="cs-btn cs-btn-primary"
                    disabled={appealText.trim() === ''}
                    onClick={() => void props.onDecide(true, appealText.trim())}
                    data-testid="case-appeal-approve"
                  >
                    {t('cases.approve')}
                  </button>
                  <button
                    type="button"
                    className="cs-btn"
                    disabled={appealText.trim() === ''}
                    onClick={() => void props.onDecide(false, appealText.trim())}
                    data-testid="case-appeal-reject"
                  >
                    {t('cases.reject')}
                  </button>
                </div>
              </>
            )
          ) : canAppeal ? (
            <>
              <textarea
                className="cs-textarea"
                rows={2}
                value={appealText}
                placeholder={t('cases.appealReason')}
                onChange={(e) => setAppealText(e.target.value)}
                data-testid="case-appeal-reason"
              />
              <button
                type="button"
                className="cs-btn"
                disabled={appealText.trim().length < 2}
                onClick={() => void props.onAppeal(appealText.trim())}
                data-testid="case-appeal-request"
              >
                {t('cases.appealRequest')}
              </button>
            </>
          ) : null}
        </div>
        {props.error ? (
          <p className="sv-red sv-small" role="alert" data-testid="case-error">
            {props.error}
          </p>
        ) : null}
        <h4 className="sv-case-h">{t('cases.history')}</h4>
        <ul className="sv-case-history" data-testid="case-history">
          {(c.history ?? []).map((h, i) => (
            <li key={i}>
              <span className="sv-mono">{h.at.slice(0, 16).replace('T', ' ')}</span>
              <b>{t(`cases.action.${h.action}`)}</b>
              <span>{h.actor === 'system' ? t('cases.system') : h.actor === 'citizen' ? t('cases.citizen') : h.actor}</span>
              {h.note ? <span className="cs-muted">{h.note}</span> : null}
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
