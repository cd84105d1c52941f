/**
 * 账号与安全 (admins only): every account with its role and state — reset a password (its owner must change
 * it at the next sign-in), disable or enable an account (disabling ends its sessions at once) — and today's
 * security audit log: sign-ins, failed sign-ins, account and device changes, alert acknowledgements.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable, describeError } from '@hall/ui';
import type { AccountSummary } from '@hall/contract';
import { Dialog } from '../shared/Dialog.tsx';
import { TextField } from '../shared/TextField.tsx';
import { CardHead } from '../shared/CardHead.tsx';
import { useSupervisor } from './supervisor-data.ts';

interface AuditRow {
  id: number;
  at: string;
  type: string;
  actor: string;
  source: string;
  data: Record<string, unknown>;
}

export function AccountsView({ me }: { me: string }) {
  const { t, i18n } = useTranslation();
  const { call } = useSupervisor();
  const [users, setUsers] = useState<AccountSummary[]>([]);
  const [audit, setAudit] = useState<AuditRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState('');
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [u, a] = await Promise.all([call<{ users: AccountSummary[] }>('/users'), call<{ events: AuditRow[] }>('/audit?type=security')]);
      setUsers(u.users);
      setAudit([...a.events].reverse());
      setError(null);
    } catch (err) {
      setError(describeError(err, i18n.language));
    }
  }, [call, i18n.language]);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (u: AccountSummary) => {
    try {
      await call(`/users/${encodeURIComponent(u.username)}/${u.disabled ? 'enable' : 'disable'}`, { method: 'POST', body: {} });
      await load();
    } catch (err) {
      setError(describeError(err, i18n.language));
    }
  };
  const reset = async () => {
    if (!resetFor) return;
    setBusy(true);
    setDialogError(null);
    try {
      await call(`/users/${encodeURIComponent(resetFor)}/password`, { method: 'POST', body: { newPassword } });
      setResetFor(null);
      setNewPassword('');
      await load();
    } catch (err) {
      setDialogError(describeError(err, i18n.language));
    } finally {
      setBusy(false);
    }
  };
  const time = (iso: string) => iso.slice(11, 19);
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

  return (
    <div className="sv-accounts-page">
      {error ? (
        <div className="sv-banner is-red" role="alert" data-testid="accounts-error">
          {error}
        </div>
      ) : null}
      <section className="cs-card">
        <CardHead title={t('accounts.title')}>
          <span className="sv-muted">{t('accounts.count', { n: users.length })}</span>
        </CardHead>
        <div className="cs-card-body sv-scroll">
          <DataTable
            keyPrefix="accounts"
            columns={['username', 'name', 'role', 'state', 'changed', 'actions']}
            className="sv-table"
            testId="accounts-table"
          >
            {users.map((u) => (
              <tr key={u.username} data-testid={`account-${u.username}`}>
                <td>
                  <code>{u.username}</code>
                </td>
                <td>{u.displayName}</td>
                <td>{t(`accounts.roles.${u.role}`)}</td>
                <td>
                  {u.disabled ? (
                    <span className="sv-pill is-red">{t('accounts.disabled')}</span>
                  ) : (
                    <span className="sv-pill is-green">{t('accounts.enabled')}</span>
                  )}
                  {u.mustChangePassword ? <span className="sv-pill is-amber">{t('accounts.mustChange')}</span> : null}
                </td>
                <td>{day(u.passwordChangedAt)}</td>
                <td className="sv-actions">
                  <button
                    type="button"
                    className="cs-btn cs-btn-sm"
                    onClick={() => {
                      setResetFor(u.username);
                      setNewPassword('');
                      setDialogError(null);
                    }}
                    data-testid={`reset-${u.username}`}
                  >
                    {t('accounts.reset')}
                  </button>
                  {u.username !== me ? (
                    <button
                      type="button"
                      className={`cs-btn cs-btn-sm ${u.disabled ? '' : 'cs-btn-danger'}`}
                      onClick={() => void toggle(u)}
                      data-testid={`toggle-${u.username}`}
                    >
                      {u.disabled ? t('accounts.enable') : t('accounts.disable')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      </section>
      <section className="cs-card">
        <CardHead title={t('accounts.auditTitle')}>
          <span className="sv-muted">{t('accounts.auditHint')}</span>
        </CardHead>
        <div className="cs-card-body sv-scroll">
          <DataTable
            keyPrefix="accounts"
            columns={['at', 'event', 'actor', 'detail', 'source']}
            className="sv-table"
            testId="security-audit"
          >
            {audit.map((e) => (
              <tr key={e.id} className={e.type === 'auth.login_failed' ? 'is-warn' : ''}>
                <td>{time(e.at)}</td>
                <td>{t(`accounts.types.${e.type.replace('.', '_')}`, { defaultValue: e.type })}</td>
                <td>{e.actor === '(unknown)' ? t('accounts.unknownUser') : e.actor}</td>
                <td className="sv-muted">
                  {Object.entries(e.data)
                    .map(
                      ([k, v]) =>
                        `${t(`accounts.detailKeys.${k}`, { defaultValue: k })}：${
                          k === 'role'
                            ? t(`accounts.roles.${String(v)}`, { defaultValue: String(v) })
                            : t(`accounts.detailValues.${String(v)}`, { defaultValue: String(v) })
                        }`,
                    )
                    .join(' · ')}
                </td>
                <td className="sv-muted">{e.source}</td>
              </tr>
            ))}
            {audit.length === 0 ? (
              <tr>
                <td colSpan={5} className="sv-muted">
                  {t('accounts.auditEmpty')}
                </td>
              </tr>
            ) : null}
          </DataTable>
        </div>
      </section>
      {resetFor ? (
        <Dialog
          title={t('accounts.resetTitle', { user: resetFor })}
          onCancel={() => setResetFor(null)}
          onConfirm={() => void reset()}
          confirmLabel={t('accounts.resetConfirm')}
          isConfirmDisabled={newPassword.length === 0}
          isBusy={isBusy}
          error={dialogError}
          testId="reset-dialog"
        >
          <p className="sv-muted">{t('accounts.resetHint')}</p>
          <TextField
            label={t('pw.newPassword')}
            type="text"
            autoComplete="off"
            value={newPassword}
            onValue={setNewPassword}
            data-testid="reset-password"
          />
          <p className="sv-muted">{t('pw.rule')}</p>
        </Dialog>
      ) : null}
    </div>
  );
}
