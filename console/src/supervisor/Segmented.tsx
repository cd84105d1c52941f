/**
 * The supervisor's segmented control (`sv-seg`): one button per option, the chosen one `is-on`. As tabs it
 * switches what a card shows (filters, report breakdowns); as radios it picks a value (a mode, a duration).
 */
import type { ReactNode } from 'react';

export function Segmented<V extends string>({
  as,
  options,
  value,
  onChange,
  label,
  testIdPrefix,
  className,
  groupLabel,
  groupTestId,
  isDisabled,
  children,
}: {
  as: 'tabs' | 'radios';
  options: readonly V[];
  value: V;
  onChange: (value: V) => void;
  label: (option: V) => ReactNode;
  /** Each button's test id is `${testIdPrefix}-${option}`. */
  testIdPrefix: string;
  /** Added to `sv-seg`, e.g. 'sv-seg-sm'. */
  className?: string;
  groupLabel?: string;
  groupTestId?: string;
  isDisabled?: boolean;
  /** Shown after the buttons, inside the group (e.g. the time input of "until"). */
  children?: ReactNode;
}) {
  const isTabs = as === 'tabs';
  return (
    <div
      className={className ? `sv-seg ${className}` : 'sv-seg'}
      role={isTabs ? 'tablist' : 'radiogroup'}
      aria-label={groupLabel}
      data-testid={groupTestId}
    >
      {options.map((o) => (
        <button
          key={o}
          type="button"
          role={isTabs ? 'tab' : 'radio'}
          aria-selected={isTabs ? value === o : undefined}
          aria-checked={isTabs ? undefined : value === o}
          className={value === o ? 'is-on' : ''}
          disabled={isDisabled}
          onClick={() => onChange(o)}
          data-testid={`${testIdPrefix}-${o}`}
        >
          {label(o)}
        </button>
      ))}
      {children}
    </div>
  );
}
