import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@hall/ui';
import type { HallInfo } from '@hall/contract';
import type { ConsoleSession } from '../shared/session.ts';
import { humanizeMessage } from '../shared/messages.ts';
import { LangSwitch } from '../shared/LangSwitch.tsx';
import { HallMark } from '../shared/HallMark.tsx';

export function LoginScreen({ hall, onLogin }: { hall: HallInfo | null; onLogin: (s: ConsoleSession) => void }) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const isEn = i18n.language.startsWith('en');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (isBusy || !username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string; role: string; displayName: string }>('/auth/login', {
        body: { username: username.trim(), password },
      });
      onLogin({ token: r.token, username: username.trim(), displayName: r.displayName, role: r.role });
    } catch (err) {
      setError(humanizeMessage(err instanceof Error ? err.message : String(err), i18n.language));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ct-login cs-login-page">
      <div className="ct-login-art" aria-hidden="true">
        <div className="ct-login-art-inner">
          <HallMark size={64} />
          <div className="ct-login-hall">{(isEn ? hall?.nameEn : hall?.name) ?? hall?.name ?? ''}</div>
          <div className="ct-login-app">{t('app.title')}</div>
          <div className="ct-login-motto">{t('login.footer')}</div>
        </div>
      </div>
      <div className="ct-login-side">
        <div className="ct-login-top">
          <LangSwitch />
        </div>
        <form className="ct-login-card" onSubmit={submit} data-testid="login-form">
          <h2>{t('login.heading')}</h2>
          <label className="cs-field">
            <span>{t('login.username')}</span>
            <input
              className="cs-input"
              autoComplete="username"
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="login-username"
            />
          </label>
          <label className="cs-field">
            <span>{t('login.password')}</span>
            <input
              className="cs-input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="login-password"
            />
          </label>
          {error ? (
            <div className="ct-login-error" role="alert" data-testid="login-error">
              {error}
            </div>
          ) : null}
          <button
            type="submit"
            className="cs-btn cs-btn-primary cs-btn-block ct-login-submit"
            disabled={isBusy || !username.trim() || !password}
            data-testid="login-submit"
          >
            {isBusy ? t('login.busy') : t('login.submit')}
          </button>
          <p className="ct-login-hint">{t('login.hint')}</p>
        </form>
      </div>
    </div>
  );
}
