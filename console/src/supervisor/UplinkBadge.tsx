/**
 * The hall's link to the city's central server, in the header: in sync, catching up, or down with how many
 * events wait and for how long. Hidden when the hall runs on its own (no --central). Read from
 * `GET /health` every 10 s; the hover text says why and that the hall keeps serving regardless.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@hall/ui';
import { hhmm } from './supervisor-data.ts';

export interface UplinkHealth {
  state: 'off' | 'ok' | 'behind' | 'down';
  ackSeq: number;
  lastSeq: number;
  lag: { events: number; seconds: number };
  lastError: string | null;
  lastSuccessAt: string | null;
}

export function UplinkBadge({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  const [up, setUp] = useState<UplinkHealth | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api<{ uplink?: UplinkHealth }>('/health')
        .then((h) => live && setUp(h.uplink ?? null))
        .catch(() => undefined);
    load();
    const id = setInterval(load, 10_000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, []);
  if (!up || up.state === 'off') return null;
  const minutes = Math.floor(up.lag.seconds / 60);
  const lines = [
    up.lastSuccessAt ? t('uplink.lastSuccess', { t: hhmm(up.lastSuccessAt, timeZone) }) : t('uplink.never'),
    up.lastError && up.state === 'down' ? t('uplink.error', { e: up.lastError }) : null,
    up.state !== 'ok' ? t('uplink.keepsWorking') : null,
  ].filter(Boolean);
  return (
    <div className={`sv-uplink is-${up.state}`} data-testid="uplink" data-state={up.state} title={lines.join('\n')} role="status">
      <span className="cs-dot" />
      <span className="sv-uplink-label">{t('uplink.label')}</span>
      <b>{t(`uplink.${up.state}`)}</b>
      {up.state !== 'ok' ? (
        <span className="sv-uplink-lag" data-testid="uplink-lag">
          {t('uplink.lag', { n: up.lag.events })}
          {minutes > 0 ? ` · ${t('uplink.since', { m: minutes })}` : ''}
        </span>
      ) : null}
    </div>
  );
}
