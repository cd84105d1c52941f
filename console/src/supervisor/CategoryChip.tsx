/** A category as a coloured chip (the hall's category colour), static or as a toggle. */
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryName, useCategories } from './supervisor-data.ts';

const FALLBACK = '#0b4ea2';

export function chipStyle(color: string | undefined, isOn = true): CSSProperties {
  const c = color ?? FALLBACK;
  return isOn
    ? { background: `${c}18`, borderColor: `${c}66`, color: c }
    : { background: '#fff', borderColor: '#d5dce6', color: '#7a8699' };
}

export function CategoryChip({
  color,
  children,
  size = 'md',
  testId,
}: {
  color: string | undefined;
  children: ReactNode;
  size?: 'sm' | 'md';
  testId?: string;
}) {
  return (
    <span className={`sv-chip sv-chip-${size}`} style={chipStyle(color)} data-testid={testId}>
      <span className="sv-chip-dot" style={{ background: color ?? FALLBACK }} />
      {children}
    </span>
  );
}

export function CategoryToggle({
  color,
  isOn,
  onToggle,
  children,
  testId,
  isDisabled,
}: {
  color: string | undefined;
  isOn: boolean;
  onToggle: () => void;
  children: ReactNode;
  testId?: string;
  isDisabled?: boolean;
}) {
  const c = color ?? FALLBACK;
  return (
    <button
      type="button"
      className={`sv-toggle ${isOn ? 'is-on' : ''}`}
      aria-pressed={isOn}
      onClick={onToggle}
      disabled={isDisabled}
      style={isOn ? { background: c, borderColor: c, color: '#fff' } : { borderColor: `${c}88`, color: c }}
      data-testid={testId}
    >
      <span className="sv-toggle-check" aria-hidden="true">
        {isOn ? '✓' : '+'}
      </span>
      {children}
    </button>
  );
}

/** Categories by id as a row of small chips, each in its colour and named in the current language. */
export function CategoryChips({ ids, testId }: { ids: readonly string[]; testId?: string }) {
  const { i18n } = useTranslation();
  const cats = useCategories();
  return (
    <span className="sv-chips" data-testid={testId}>
      {ids.map((c) => (
        <CategoryChip key={c} color={cats.get(c)?.color} size="sm">
          {categoryName(cats.get(c), i18n.language, c)}
        </CategoryChip>
      ))}
    </span>
  );
}
