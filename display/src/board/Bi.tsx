import { useTranslation } from 'react-i18next';

/**
 * A label in Chinese with its English beneath (or beside, with `inline`); on an English screen (`?lang=en`)
 * the English alone. `varsEn` gives English values where a variable is itself words (a day, a time).
 */
export function Bi({
  k,
  vars,
  varsEn,
  className,
  inline,
}: {
  k: string;
  vars?: Record<string, unknown>;
  varsEn?: Record<string, unknown>;
  className?: string;
  inline?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const en = i18n.getFixedT('en');
  const cls = `bi${inline ? ' bi-inline' : ''}${className ? ` ${className}` : ''}`;
  if (i18n.language === 'en') {
    return (
      <span className={`${cls} bi-en`}>
        <span className="zh">{en(k, varsEn ?? vars ?? {})}</span>
      </span>
    );
  }
  return (
    <span className={cls}>
      <span className="zh">{t(k, vars ?? {})}</span>
      <span className="en" lang="en">
        {en(k, varsEn ?? vars ?? {})}
      </span>
    </span>
  );
}
