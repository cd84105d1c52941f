import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '@hall/ui';
import type { HallInfo, PublicTicket, Ticket, WindowState } from '@hall/contract';
import { Dialog } from '../shared/Dialog.tsx';
import { Kbd } from '../shared/Kbd.tsx';
import { CredentialsFields } from '../shared/CredentialsFields.tsx';
import { NewPasswordFields, newPasswordEntryProblem } from '../shared/NewPasswordFields.tsx';
import { nameOf } from './hall-info.ts';

// ───────────────────────────── 暂停 ─────────────────────────────

export function PauseDialog({
  reasons,
  onCancel,
  onConfirm,
  isBusy,
  error,
}: {
  error: string | null;
  reasons: string[];
  onCancel: () => void;
  onConfirm: (reason: string) => void;
  isBusy: boolean;
}) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<string | null>(null);
  const [other, setOther] = useState('');
  const isOther = picked === '其他';
  const reason = isOther ? other.trim() : picked;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement | null)?.tagName === 'INPUT') return;
      const n = Number(e.key);
      const r = Number.isInteger(n) && n >= 1 ? reasons[n - 1] : undefined;
      if (r) {
        e.preventDefault();
        setPicked(r);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [reasons]);
  return (
    <Dialog
      title={t('pauseDlg.title')}
      onCancel={onCancel}
      onConfirm={() => reason && onConfirm(isOther ? `其他：${reason}` : reason)}
      confirmLabel={t('pauseDlg.confirm')}
      cancelLabel={t('common.cancel', '取消')}
      isConfirmDisabled={!reason}
      isBusy={isBusy}
      error={error}
      testId="pause-dialog"
    >
      <p className="ct-dlg-lead">{t('pauseDlg.pick')}</p>
      <div className="ct-choice-grid">
        {reasons.map((r, i) => (
          <button
            key={r}
            type="button"
            className={`ct-choice${picked === r ? ' is-on' : ''}`}
            onClick={() => setPicked(r)}
            data-testid={`pause-reason-${i + 1}`}
          >
            <Kbd>{String(i + 1)}</Kbd>
            <span>{r}</span>
          </button>
        ))}
      </div>
      {isOther ? (
        <label className="cs-field ct-dlg-gap">
          <span>{t('pauseDlg.other')}</span>
          <input
            className="cs-input"
            autoFocus
            maxLength={60}
            value={other}
            onChange={(e) => setOther(e.target.value)}
            placeholder={t('pauseDlg.otherPlaceholder')}
            data-testid="pause-other"
          />
        </label>
      ) : null}
    </Dialog>
  );
}

// ───────────────────────────── 转移 ─────────────────────────────

export function TransferDialog({
  hall,
  ticket,
  win,
  windows,
  onCancel,
  onConfirm,
  isBusy,
  error,
}: {
  error: string | null;
  hall: HallInfo;
  ticket: PublicTicket;
  win: WindowState;
  windows: WindowState[];
  isBusy: boolean;
  onCancel: () => void;
  onConfirm: (to: { categoryId?: string; windowId?: string; note?: string }) => void;
}) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<'category' | 'window'>('category');
  const [target, setTarget] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const others = windows.filter((w) => w.id !== win.id).sort((a, b) => a.number - b.number);
  const confirm = () => {
    if (!target) return;
    const body: { categoryId?: string; windowId?: string; note?: string } =
      mode === 'category' ? { categoryId: target } : { windowId: target };
    if (note.trim()) body.note = note.trim();
    onConfirm(body);
  };
  return (
    <Dialog
      title={t('transferDlg.title', { number: ticket.number })}
      width={760}
      onCancel={onCancel}
      onConfirm={confirm}
      confirmLabel={t('transferDlg.confirm')}
      cancelLabel={t('common.cancel', '取消')}
      isConfirmDisabled={!target}
      isBusy={isBusy}
      error={error}
      testId="transfer-dialog"
    >
      <div className="ct-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          className={mode === 'category' ? 'is-on' : ''}
          onClick={() => {
            setMode('category');
            setTarget(null);
          }}
          data-testid="transfer-mode-category"
        >
          {t('transferDlg.toCategory')}
        </button>
        <button
          type="button"
          role="tab"
          className={mode === 'window' ? 'is-on' : ''}
          onClick={() => {
            setMode('window');
            setTarget(null);
          }}
          data-testid="transfer-mode-window"
        >
          {t('transferDlg.toWindow')}
        </button>
      </div>
      {mode === 'category' ? (
        <div className="ct-choice-grid ct-choice-grid-4">
          {hall.categories.map((c) => {
            const isCurrent = c.id === ticket.categoryId;
            return (
              <button
                key={c.id}
                type="button"
                className={`ct-choice${target === c.id ? ' is-on' : ''}`}
                disabled={isCurrent}
                onClick={() => setTarget(c.id)}
                data-testid={`transfer-cat-${c.id}`}
                style={{ ['--cat' as string]: c.color ?? '#0b4ea2' }}
              >
                <span className="ct-choice-prefix">{c.prefix}</span>
                <span>{nameOf(c, i18n.language)}</span>
                {isCurrent ? <small>{t('transferDlg.current')}</small> : null}
              </button>
            );
          })}
        </div>
      ) : (
        <div className="ct-choice-grid ct-choice-grid-4">
          {others.map((w) => (
            <button
              key={w.id}
              type="button"
              className={`ct-choice ct-choice-win${target === w.id ? ' is-on' : ''}`}
              onClick={() => setTarget(w.id)}
              data-testid={`transfer-win-${w.id}`}
            >
              <span className="ct-choice-prefix">{w.number}</span>
              <span className="ct-choice-win-text">
                <span>{w.staff?.displayName ?? '—'}</span>
                <small className={`ct-win-st-${w.status}`}>
                  {w.status === 'closed'
                    ? t('transferDlg.windowClosed')
                    : w.status === 'paused'
                      ? t('transferDlg.windowPaused')
                      : w.allocation.map((a) => hall.categories.find((c) => c.id === a)?.prefix ?? a).join(' ')}
                </small>
              </span>
            </button>
          ))}
        </div>
      )}
      <label className="cs-field ct-dlg-gap">
        <span>{t('transferDlg.note')}</span>
        <textarea
          className="cs-textarea"
          maxLength={200}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('transferDlg.notePlaceholder')}
          data-testid="transfer-note"
        />
      </label>
      <p className="ct-dlg-foot-note">{t('transferDlg.keepNumber')}</p>
    </Dialog>
  );
}

// ───────────────────────────── 指呼 ─────────────────────────────

export function CallSpecificDialog({
  hall,
  token,
  callable,
  onCancel,
  onCall,
  onRequeue,
  onDone,
  isBusy,
  error,
}: {
  error: string | null;
  hall: HallInfo;
  token: string;
  callable: PublicTicket[];
  isBusy: boolean;
  onCancel: () => void;
  onDone: () => void;
  onCall: (number: string) => Promise<boolean>;
  onRequeue: (ticketId: string, number: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [noShows, setNoShows] = useState<Ticket[] | null>(null);
  useEffect(() => {
    let isLive = true;
    api<{ tickets: Ticket[] }>('/tickets?status=no_show', { token })
      .then((r) => {
        if (isLive) setNoShows(r.tickets);
      })
      .catch(() => {
        if (isLive) setNoShows([]);
      });
    return () => {
      isLive = false;
    };
  }, [token]);
  const value = number.trim().toUpperCase();
  const isValid = /^[A-Z]{1,2}\d{3,}$/.test(value);
  const cat = (id: string) => hall.categories.find((c) => c.id === id);
  return (
    <Dialog
      title={t('specificDlg.title')}
      width={680}
      onCancel={onCancel}
      onConfirm={async () => {
        if (await onCall(value)) onDone();
      }}
      confirmLabel={t('specificDlg.confirm')}
      cancelLabel={t('common.cancel', '取消')}
      isConfirmDisabled={!isValid}
      isBusy={isBusy}
      error={error}
      testId="specific-dialog"
    >
      <label className="cs-field">
        <span>{t('specificDlg.number')}</span>
        <input
          className="cs-input ct-big-input"
          autoFocus
          maxLength={8}
          value={number}
          onChange={(e) => setNumber(e.target.value.toUpperCase())}
          placeholder={t('specificDlg.placeholder')}
          data-testid="specific-number"
        />
      </label>
      <div className="ct-dlg-section">{t('specificDlg.waitingList')}</div>
      <div className="ct-chip-list">
        {callable.length === 0 ? <span className="cs-muted">{t('specificDlg.none')}</span> : null}
        {callable.slice(0, 30).map((x) => (
          <button
            key={x.id}
            type="button"
            className={`ct-ticket-chip${value === x.number ? ' is-on' : ''}`}
            onClick={() => setNumber(x.number)}
            style={{ ['--cat' as string]: cat(x.categoryId)?.color ?? '#0b4ea2' }}
            data-testid={`specific-pick-${x.number}`}
          >
            {x.number}
            {x.priority !== 'normal' ? <i>{t(`specificDlg.short.${x.priority}`)}</i> : null}
          </button>
        ))}
      </div>
      <div className="ct-dlg-section">{t('specificDlg.noShowList')}</div>
      <div className="ct-chip-list">
        {noShows === null ? (
          <span className="cs-muted">…</span>
        ) : noShows.length === 0 ? (
          <span className="cs-muted">{t('specificDlg.none')}</span>
        ) : null}
        {(noShows ?? []).slice(-20).map((x) => (
          <span key={x.id} className="ct-noshow" data-testid={`noshow-${x.number}`}>
            <b>{x.number}</b>
            <button
              type="button"
              className="cs-btn cs-btn-ghost ct-mini-btn"
              disabled={isBusy}
              onClick={async () => {
                if (await onRequeue(x.id, x.number)) setNoShows((l) => (l ?? []).filter((y) => y.id !== x.id));
              }}
              data-testid={`requeue-${x.number}`}
            >
              {t('specificDlg.requeue')}
            </button>
          </span>
        ))}
      </div>
    </Dialog>
  );
}

// ───────────────────────────── AB岗交接 ─────────────────────────────

/**
 * Two steps when needed: the colleague's own username and password; then, if the server answers that their
 * password was handed to them (PASSWORD_CHANGE_REQUIRED, nothing changed yet), 请设置新密码 with the same
 * fields as the forced change after signing in, and the hand-over is sent again with `newPassword`.
 */
export function HandOverDialog({
  ticketNumber,
  onCancel,
  onConfirm,
  errorText,
}: {
  ticketNumber: string | null;
  onCancel: () => void;
  onConfirm: (username: string, password: string, newPassword?: string) => Promise<void>;
  errorText: (err: unknown) => string;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  /** Step 2: the account must choose its own password before it takes the window. */
  const [mustChange, setMustChange] = useState(false);
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canSubmit = mustChange ? next !== '' && again !== '' : username.trim() !== '' && password !== '';
  const submit = async () => {
    if (isBusy || !canSubmit) return;
    if (mustChange) {
      const entryProblem = newPasswordEntryProblem(next, again, t);
      if (entryProblem) {
        setError(entryProblem);
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(username.trim(), password, mustChange ? next : undefined);
    } catch (err) {
      setBusy(false);
      const code = err instanceof ApiError ? err.code : null;
      if (!mustChange && code === 'PASSWORD_CHANGE_REQUIRED') {
        setMustChange(true);
        return;
      }
      setError(errorText(err));
      if (!mustChange || code === 'BAD_CREDENTIALS') {
        // Back to the credentials (they no longer hold, or never did).
        setMustChange(false);
        setPassword('');
        setNext('');
        setAgain('');
      }
    }
  };
  return (
    <Dialog
      title={t('handOverDlg.title')}
      onCancel={onCancel}
      onConfirm={submit}
      confirmLabel={mustChange ? t('handOverDlg.confirmWithPassword') : t('handOverDlg.confirm')}
      cancelLabel={t('common.cancel', '取消')}
      isConfirmDisabled={!canSubmit}
      isBusy={isBusy}
      error={error}
      testId="handover-dialog"
    >
      {mustChange ? (
        <div key="new-password" data-testid="handover-new-password">
          <h3 className="ct-dlg-step">{t('handOverDlg.newPasswordHeading')}</h3>
          <p className="ct-dlg-lead">{t('handOverDlg.newPasswordLead', { username: username.trim() })}</p>
          <NewPasswordFields
            next={next}
            again={again}
            onNext={(v) => {
              setNext(v);
              setError(null);
            }}
            onAgain={(v) => {
              setAgain(v);
              setError(null);
            }}
            testIdPrefix="handover-pw"
            hintClassName="ct-dlg-foot-note"
          />
        </div>
      ) : (
        <div key="credentials">
          <p className="ct-dlg-lead">{ticketNumber ? t('handOverDlg.intro', { number: ticketNumber }) : t('handOverDlg.introIdle')}</p>
          <CredentialsFields
            username={username}
            password={password}
            onUsername={setUsername}
            onPassword={setPassword}
            testIdPrefix="handover"
            autoComplete="off"
          />
        </div>
      )}
    </Dialog>
  );
}

// ───────────────────────────── 签退 ─────────────────────────────

export function SignOutDialog({
  windowName,
  hasTicket,
  onCancel,
  onConfirm,
  isBusy,
  error,
}: {
  error: string | null;
  windowName: string;
  hasTicket: boolean;
  onCancel: () => void;
  onConfirm: () => void;
  isBusy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('signOutDlg.title')}
      width={480}
      onCancel={onCancel}
      onConfirm={onConfirm}
      confirmLabel={t('signOutDlg.confirm')}
      cancelLabel={t('common.cancel', '取消')}
      tone="danger"
      isConfirmDisabled={hasTicket}
      isBusy={isBusy}
      error={error}
      testId="signout-dialog"
    >
      <p className="ct-dlg-lead">{t('signOutDlg.body', { window: windowName })}</p>
      {hasTicket ? <p className="ct-dlg-warn">{t('signOutDlg.busy')}</p> : null}
    </Dialog>
  );
}
