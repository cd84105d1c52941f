/**
 * A form field that looks like an input but is edited only with the on-screen keyboard (tap to select it).
 * No native input: that would summon an OS keyboard on a touch screen.
 */
import type { ReactNode } from 'react';

export interface TouchFieldProps {
  label: string;
  value: string;
  active: boolean;
  onActivate: () => void;
  placeholder?: string;
  hint?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  requiredLabel?: string;
  testId: string;
  mono?: boolean;
  readOnly?: boolean;
  multiline?: boolean;
}

export function TouchField(p: TouchFieldProps) {
  return (
    <div className={`tfield${p.active ? ' is-active' : ''}${p.error ? ' has-error' : ''}`}>
      <div className="tfield-label">
        <span>{p.label}</span>
        {p.requiredLabel ? <span className={`tfield-tag${p.required ? ' is-required' : ''}`}>{p.requiredLabel}</span> : null}
      </div>
      <button
        type="button"
        className={`tfield-box${p.mono ? ' is-mono' : ''}${p.multiline ? ' is-multiline' : ''}`}
        data-testid={p.testId}
        aria-pressed={p.active}
        onClick={p.readOnly ? undefined : p.onActivate}
        disabled={p.readOnly}
      >
        {p.value !== '' ? <span className="tfield-value">{p.value}</span> : <span className="tfield-placeholder">{p.placeholder}</span>}
        {p.active ? <span className="caret" aria-hidden="true" /> : null}
      </button>
      {p.error ? (
        <div className="tfield-error" role="alert" data-testid={`${p.testId}-error`}>
          {p.error}
        </div>
      ) : p.hint ? (
        <div className="tfield-hint">{p.hint}</div>
      ) : null}
    </div>
  );
}
