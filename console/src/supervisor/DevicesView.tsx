/**
 * 设备配对: an admin issues single-use pairing codes for kiosks and hall screens, sees every paired
 * device and revokes one (its token stops working at once; the device asks for a new code).
 * REST: POST /devices/pairing-codes, GET /devices, DELETE /devices/:id (admin only; docs/deploy.md §4).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@hall/ui';
import { describeError } from '../shared/messages.ts';
import { CardHead } from '../shared/CardHead.tsx';
import { useSupervisor } from './supervisor-data.ts';

interface DeviceRow {
  id: string;
  kind: 'kiosk' | 'display';
  name: string;
  createdAt: string;
  revokedAt: string | null;
}
interface IssuedCode {
  code: string;
  deviceId: string;
  expiresAt: string;
  name: string;
  kind: DeviceRow['kind'];
}

const time = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function DevicesView() {
  const { t, i18n } = useTranslation();
  const { call } = useSupervisor();
  const [devices, setDevices] = useState<DeviceRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kind, setKind] = useState<DeviceRow['kind']>('kiosk');
  const [name, setName] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const fail = useCallback((err: unknown) => setError(describeError(err, i18n.language)), [i18n.language]);

  const load = useCallback(() => {
    call<{ devices: DeviceRow[] }>('/devices').then((r) => {
      setDevices(r.devices);
      setError(null);
    }, fail);
  }, [call, fail]);
  useEffect(load, [load]);

  const issue = async () => {
    try {
      const body = { kind, name: name.trim(), ...(deviceId.trim() ? { deviceId: deviceId.trim() } : {}) };
      const r = await call<{ code: string; deviceId: string; expiresAt: string }>('/devices/pairing-codes', { method: 'POST', body });
      setIssued({ ...r, name: body.name, kind });
      setName('');
      setDeviceId('');
      setError(null);
    } catch (err) {
      fail(err);
    }
  };
  const revoke = async (id: string) => {
    try {
      await call(`/devices/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setConfirm(null);
      load();
    } catch (err) {
      fail(err);
    }
  };

  return (
    <div className="sv-devices" data-testid="devices-view">
      <section className="cs-card sv-devices-issue">
        <CardHead title={t('devices.issueTitle')} />
        <div className="cs-card-body">
          <p className="cs-muted sv-small">{t('devices.issueHelp')}</p>
          <div className="sv-devices-form">
            <label>
              <span>{t('devices.kind')}</span>
              <select
                className="cs-input"
                value={kind}
                onChange={(e) => setKind(e.target.value as DeviceRow['kind'])}
                data-testid="devices-kind"
              >
                <option value="kiosk">{t('devices.kinds.kiosk')}</option>
                <option value="display">{t('devices.kinds.display')}</option>
              </select>
            </label>
            <label>
              <span>{t('devices.name')}</span>
              <input
                className="cs-input"
                value={name}
                maxLength={40}
                placeholder={t('devices.namePlaceholder')}
                onChange={(e) => setName(e.target.value)}
                data-testid="devices-name"
              />
            </label>
            <label>
              <span>{t('devices.deviceId')}</span>
              <input
                className="cs-input"
                value={deviceId}
                maxLength={32}
                placeholder="KIOSK2"
                onChange={(e) => setDeviceId(e.target.value)}
                data-testid="devices-id"
              />
            </label>
            <button
              type="button"
              className="cs-btn cs-btn-primary"
              disabled={name.trim() === ''}
              onClick={() => void issue()}
              data-testid="devices-issue"
            >
              {t('devices.issue')}
            </button>
          </div>
          {issued ? (
            <div className="sv-devices-code" data-testid="devices-code">
              <span className="sv-devices-code-label">
                {t(`devices.kinds.${issued.kind}`)} · {issued.name} · {issued.deviceId}
              </span>
              <b data-testid="devices-code-value">{issued.code}</b>
              <span className="cs-muted sv-small">{t('devices.codeHelp', { until: time(issued.expiresAt) })}</span>
            </div>
          ) : null}
          {error ? (
            <p className="sv-error-inline" role="alert" data-testid="devices-error">
              {error}
            </p>
          ) : null}
        </div>
      </section>
      <section className="cs-card sv-devices-list">
        <CardHead title={t('devices.listTitle')}>
          <span className="sv-count">{devices?.filter((d) => !d.revokedAt).length ?? 0}</span>
        </CardHead>
        <div className="cs-card-body sv-scroll">
          {devices && devices.length === 0 ? <p className="sv-empty">{t('devices.none')}</p> : null}
          {devices && devices.length > 0 ? (
            <DataTable
              keyPrefix="devices"
              columns={['idHeader', 'kind', 'name', 'paired', 'state', '']}
              className="sv-table"
              testId="devices-table"
            >
              {devices.map((d) => (
                <tr key={d.id} data-testid={`device-${d.id}`} className={d.revokedAt ? 'is-revoked' : ''}>
                  <td className="sv-mono">{d.id}</td>
                  <td>{t(`devices.kinds.${d.kind}`)}</td>
                  <td>{d.name}</td>
                  <td>{time(d.createdAt)}</td>
                  <td>{d.revokedAt ? t('devices.revokedAt', { at: time(d.revokedAt) }) : t('devices.active')}</td>
                  <td>
                    {d.revokedAt ? null : confirm === d.id ? (
                      <span className="sv-devices-confirm">
                        <button
                          type="button"
                          className="cs-btn cs-btn-primary sv-btn-sm"
                          onClick={() => void revoke(d.id)}
                          data-testid={`device-revoke-yes-${d.id}`}
                        >
                          {t('devices.revokeConfirm')}
                        </button>
                        <button type="button" className="cs-btn cs-btn-ghost sv-btn-sm" onClick={() => setConfirm(null)}>
                          {t('devices.cancel')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="cs-btn cs-btn-ghost sv-btn-sm"
                        onClick={() => setConfirm(d.id)}
                        data-testid={`device-revoke-${d.id}`}
                      >
                        {t('devices.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          ) : null}
        </div>
      </section>
    </div>
  );
}
