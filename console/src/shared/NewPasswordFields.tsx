/**
 * Choosing a new password in place of a handed-over one: the new password twice and the rule. Used by the
 * forced change after signing in (`LoginCard`) and by the counter's AB岗 hand-over to such an account. The
 * policy itself is the server's (its codes come back as errors); here only the two entries must agree.
 */
import { useTranslation } from 'react-i18next';
import { TextField } from './TextField.tsx';

/** Why the entries cannot be sent yet (the words, under `pw`), or null when they may. */
export function newPasswordEntryProblem(next: string, again: string, t: (key: string) => string): string | null {
  return next === again ? null : t('pw.mismatch');
}

export function NewPasswordFields({
  next,
  again,
  onNext,
  onAgain,
  testIdPrefix,
  hintClassName,
}: {
  next: string;
  again: string;
  onNext: (value: string) => void;
  onAgain: (value: string) => void;
  /** The inputs are `${testIdPrefix}-new` and `${testIdPrefix}-again`. */
  testIdPrefix: 'pw' | 'handover-pw';
  /** The class of the rule line under the inputs (each page styles its own). */
  hintClassName: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('pw.newPassword')}
        type="password"
        autoComplete="new-password"
        value={next}
        onValue={onNext}
        data-testid={`${testIdPrefix}-new`}
        autoFocus
      />
      <TextField
        label={t('pw.confirm')}
        type="password"
        autoComplete="new-password"
        value={again}
        onValue={onAgain}
        data-testid={`${testIdPrefix}-again`}
      />
      <p className={hintClassName} data-testid={`${testIdPrefix}-rule`}>
        {t('pw.rule')}
      </p>
    </>
  );
}
