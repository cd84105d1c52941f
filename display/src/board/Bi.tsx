import { useTranslation } from 'react-i18next';

/** A label in Chinese with its English beneath (or beside, with `inline`). */
export function Bi({ k, vars, className, inline }: { k: string; vars?: Record<string, unknown>; className?: string; inline?: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.getFixedT('en');
  return (
    <span className={`bi${inline ? ' bi-inline' : ''}${className ? ` ${className}` : ''}`}>
      <span className="zh">{t(k, vars ?? {})}</span>
      <span className="en" lang="en">
        {en(k, vars ?? {})}
      </span>
    </span>
  );
}
