/**
 * A hall screen that is not paired yet (it runs on another machine than the server, and no `?pair=CODE`
 * was given or the code was used): it says so and where the code comes from, and takes the code here
 * (the installer has a keyboard or a remote with digits). A paired screen reloads into the board. It also
 * asks again every so often: a screen that booted before the server did finds its token once it is up.
 */
const RETRY_MS = 15_000;
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function PairingScreen({
  deviceId,
  pair,
  retry,
}: {
  deviceId: string;
  pair: (code: string) => Promise<unknown>;
  retry: () => Promise<string | undefined>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [state, setState] = useState<'idle' | 'pairing' | 'failed'>('idle');
  useEffect(() => {
    const id = setInterval(() => {
      void retry().then((token) => {
        if (token) window.location.reload();
      });
    }, RETRY_MS);
    return () => clearInterval(id);
  }, [retry]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim();
    if (!c || state === 'pairing') return;
    setState('pairing');
    pair(c).then(
      () => window.location.reload(),
      () => setState('failed'),
    );
  };
  return (
    <div className="screen pairing-screen" data-testid="display-pairing">
      <form className="pairing-card" onSubmit={submit}>
        <h1>{t('pairing.title')}</h1>
        <p>{t('pairing.body')}</p>
        <p className="pairing-device">{t('pairing.device', { id: deviceId })}</p>
        <label className="pairing-label" htmlFor="pair-code">
          {t('pairing.code')}
        </label>
        <div className="pairing-row">
          <input
            id="pair-code"
            data-testid="display-pair-code"
            value={code}
            autoComplete="off"
            autoFocus
            maxLength={32}
            onChange={(e) => {
              setCode(e.target.value);
              if (state === 'failed') setState('idle');
            }}
          />
          <button type="submit" data-testid="display-pair-submit" disabled={state === 'pairing' || code.trim() === ''}>
            {state === 'pairing' ? t('pairing.pairing') : t('pairing.submit')}
          </button>
        </div>
        {state === 'failed' ? (
          <p className="pairing-error" role="alert" data-testid="display-pair-error">
            {t('pairing.failed')}
          </p>
        ) : null}
      </form>
    </div>
  );
}
