/**
 * A console's sign-in page: the hall's name on the left, the form on the right; `POST /auth/login` and a
 * `ConsoleSession` on success. The counter and the supervisor console each keep their own classes
 * (`ct-login…` / `sv-login…`, by `classPrefix`).
 */
import { describeError } from '@hall/ui';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@hall/ui';
import type { HallInfo } from '@hall/contract';
import type { ConsoleSession } from './session.ts';
import { LangSwitch } from './LangSwitch.tsx';
import { HallMark } from './HallMark.tsx';
import { CredentialsFields } from './CredentialsFields.tsx';
import { NewPasswordFields, newPasswordEntryProblem } from './NewPasswordFields.tsx';

export function LoginCard({
  hall,
  classPrefix,
  markSize,
  refusal,
  onLogin,
}: {
  hall: HallInfo | null;
  classPrefix: 'ct' | 'sv';
  markSize: number;
  /** After a successful sign-in: a reason to turn the session away (shown as the error), or null to accept it. */
  refusal?: (session: ConsoleSession) => Promise<string | null>;
  onLogin: (s: ConsoleSession) => void;
}) {
  const { t, i18n } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Signed in with a handed-over password: it must be replaced before the console opens. */
  const [pending, setPending] = useState<{ session: ConsoleSession; current: string } | null>(null);
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const isEn = i18n.language.startsWith('en');
  const p = classPrefix;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (isBusy || !username.trim() || !password) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ token: string; role: string; displayName: string; mustChangePassword?: boolean }>('/auth/login', {
        body: { username: username.trim(), password },
      });
      const session: ConsoleSession = { token: r.token, username: username.trim(), displayName: r.displayName, role: r.role };
      if (r.mustChangePassword) {
        setPending({ session, current: password });
        setPassword('');
        return;
      }
      await accept(session);
    } catch (err) {
      setError(describeError(err, i18n.language));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const accept = async (session: ConsoleSession) => {
    const refused = refusal ? await refusal(session) : null;
    if (refused !== null) {
      setError(refused);
      setPassword('');
      setPending(null);
      return;
    }
    onLogin(session);
  };

  const change = async (e: FormEvent) => {
    e.preventDefault();
    if (!pending || isBusy || !next) return;
    const entryProblem = newPasswordEntryProblem(next, again, t);
    if (entryProblem) {
      setError(entryProblem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/auth/password', { body: { currentPassword: pending.current, newPassword: next }, token: pending.session.token });
      await accept(pending.session);
    } catch (err) {
      setError(describeError(err, i18n.language));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`${p}-login cs-login-page`}>
      <div className={`${p}-login-art`} aria-hidden="true">
        <div className={`${p}-login-art-inner`}>
          <HallMark size={markSize} />
          <div className={`${p}-login-hall`}>{(isEn ? hall?.nameEn : hall?.name) ?? hall?.name ?? ''}</div>
          <div className={`${p}-login-app`}>{t('app.title')}</div>
          <div className={`${p}-login-motto`}>{t('login.footer')}</div>
        </div>
      </div>
      <div className={`${p}-login-side`}>
        <div className={`${p}-login-top`}>
          <LangSwitch />
        </div>
        {pending ? (
          <form className={`${p}-login-card`} onSubmit={change} data-testid="password-change-form">
            <h2>{t('pw.mustChangeHeading')}</h2>
            <p className={`${p}-login-hint`}>{t('pw.mustChangeHint')}</p>
            <NewPasswordFields
              next={next}
              again={again}
              onNext={setNext}
              onAgain={setAgain}
              testIdPrefix="pw"
              hintClassName={`${p}-login-hint`}
            />
            <SubmitWithError classPrefix={p} error={error} isDisabled={isBusy || !next} testId="pw-save">
              {isBusy ? t('pw.saving') : t('pw.save')}
            </SubmitWithError>
          </form>
        ) : (
          <form className={`${p}-login-card`} onSubmit={submit} data-testid="login-form">
            <h2>{t('login.heading')}</h2>
            <CredentialsFields
              username={username}
              password={password}
              onUsername={setUsername}
              onPassword={setPassword}
              testIdPrefix="login"
              autoComplete="sign-in"
            />
            <SubmitWithError classPrefix={p} error={error} isDisabled={isBusy || !username.trim() || !password} testId="login-submit">
              {isBusy ? t('login.busy') : t('login.submit')}
            </SubmitWithError>
            <p className={`${p}-login-hint`}>{t('login.hint')}</p>
          </form>
        )}
      </div>
    </div>
  );
}

/** The end of both forms (sign-in, new password): the error, if any, above the submit button. */
function SubmitWithError({
  classPrefix: p,
  error,
  isDisabled,
  testId,
  children,
}: {
  classPrefix: 'ct' | 'sv';
  error: string | null;
  isDisabled: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <>
      {error ? (
        <div className={`${p}-login-error`} role="alert" data-testid="login-error">
          {error}
        </div>
      ) : null}
      <button type="submit" className={`cs-btn cs-btn-primary cs-btn-block ${p}-login-submit`} disabled={isDisabled} data-testid={testId}>
        {children}
      </button>
    </>
  );
}
