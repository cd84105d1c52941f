/** Alerts as a list: kind, severity, message, when; unacknowledged ones have an acknowledge button. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { alertText } from '@hall/contract';
import { errorText, hhmm, useSupervisor, type AlertRow } from './supervisor-data.ts';

export function AlertList({
  alerts,
  isCompact = false,
  testId = 'alert-list',
}: {
  alerts: AlertRow[];
  isCompact?: boolean;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const { call, refreshAlerts, hall } = useSupervisor();
  const tz = hall?.timeZone ?? 'Asia/Shanghai';
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ack = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await call(`/alerts/${id}/acknowledge`, { method: 'POST', body: {} });
      refreshAlerts();
    } catch (err) {
      setError(errorText(err, i18n.language));
    } finally {
      setBusy(null);
    }
  };
  if (alerts.length === 0)
    return (
      <div className="sv-empty" data-testid={`${testId}-empty`}>
        {t('alerts.none')}
      </div>
    );
  return (
    <>
      {error ? (
        <div className="sv-error" role="alert">
          {error}
        </div>
      ) : null}
      <ul className={`sv-alerts ${isCompact ? 'is-compact' : ''}`} data-testid={testId}>
        {alerts.map((a) => {
          const isCleared = Boolean(a.clearedAt);
          const isAcked = a.acknowledgedAt !== null;
          return (
            <li
              key={a.id}
              className={`sv-alert is-${a.severity} ${isAcked ? 'is-acked' : ''} ${isCleared ? 'is-cleared' : ''}`}
              data-testid={`alert-${a.kind}-${a.subject ?? 'hall'}`}
              data-alert-id={a.id}
            >
              <span className={`sv-alert-sev is-${a.severity}`}>{t(`alerts.severity.${a.severity}`)}</span>
              <div className="sv-alert-body">
                <div className="sv-alert-head">
                  <b>{t(`alerts.kind.${a.kind}`, { defaultValue: a.kind })}</b>
                  <span className="cs-muted">{hhmm(a.raisedAt, tz)}</span>
                </div>
                <div className="sv-alert-msg">{alertText(a, i18n.language === 'en' ? 'en' : 'zh')}</div>
                {!isCompact && (isAcked || isCleared) ? (
                  <div className="sv-alert-meta">
                    {isAcked
                      ? t('alerts.acknowledgedBy', {
                          who: a.acknowledgedByName ?? a.acknowledgedBy ?? '',
                          t: hhmm(a.acknowledgedAt as string, tz),
                        })
                      : null}
                    {isAcked && isCleared ? ' · ' : null}
                    {isCleared ? t('alerts.clearedAt', { t: hhmm(a.clearedAt as string, tz) }) : null}
                  </div>
                ) : null}
              </div>
              {!isAcked && !isCleared ? (
                <button
                  type="button"
                  className="cs-btn cs-btn-ghost sv-ack"
                  disabled={busy === a.id}
                  onClick={() => void ack(a.id)}
                  data-testid={`ack-${a.id}`}
                >
                  {t('alerts.acknowledge')}
                </button>
              ) : isAcked && isCompact ? (
                <span className="sv-acked-mark">✓</span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
