/** The username and password inputs of a console sign-in (and of the counter's AB岗 hand-over). */
import { useTranslation } from 'react-i18next';
import { TextField } from './TextField.tsx';

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
      <TextField
        label={t('login.username')}
        autoComplete={isSignIn ? 'username' : 'off'}
        autoFocus
        value={username}
        onValue={onUsername}
        data-testid={`${testIdPrefix}-username`}
      />
      <TextField
        label={t('login.password')}
        type="password"
        autoComplete={isSignIn ? 'current-password' : 'off'}
        value={password}
        onValue={onPassword}
        data-testid={`${testIdPrefix}-password`}
      />
    </>
  );
}
