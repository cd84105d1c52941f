/** The username and password inputs of a console sign-in (and of the counter's AB岗 hand-over). */
import { useTranslation } from 'react-i18next';

export function CredentialsFields({
  username,
  password,
  onUsername,
  onPassword,
  testIdPrefix,
  autoComplete,
}: {
  username: string;
  password: string;
  onUsername: (value: string) => void;
  onPassword: (value: string) => void;
  /** The inputs are `${testIdPrefix}-username` and `${testIdPrefix}-password`. */
  testIdPrefix: 'login' | 'handover';
  /** 'sign-in': the browser may fill the user's own account; 'off': someone else's, never remembered. */
  autoComplete: 'sign-in' | 'off';
}) {
  const { t } = useTranslation();
  const isSignIn = autoComplete === 'sign-in';
  return (
    <>
      <label className="cs-field">
        <span>{t('login.username')}</span>
        <input
          className="cs-input"
          autoComplete={isSignIn ? 'username' : 'off'}
          autoFocus
          value={username}
          onChange={(e) => onUsername(e.target.value)}
          data-testid={`${testIdPrefix}-username`}
        />
      </label>
      <label className="cs-field">
        <span>{t('login.password')}</span>
        <input
          className="cs-input"
          type="password"
          autoComplete={isSignIn ? 'current-password' : 'off'}
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          data-testid={`${testIdPrefix}-password`}
        />
      </label>
    </>
  );
}
