/** A labelled console input (`cs-field`): the label above, the input below; `onValue` gets the typed text. */
import type { InputHTMLAttributes, ReactNode } from 'react';

export function TextField({
  label,
  onValue,
  ...input
}: { label: ReactNode; onValue: (value: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'className'>) {
  return (
    <label className="cs-field">
      <span>{label}</span>
      <input className="cs-input" onChange={(e) => onValue(e.target.value)} {...input} />
    </label>
  );
}
