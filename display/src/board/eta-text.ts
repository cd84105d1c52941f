/** The t() of i18next, narrowed to what this needs (so the function stays testable without i18next). */
type Translate = (key: string, vars?: Record<string, unknown>) => string;

/**
 * Estimated wait, short enough for a queue card: "预计 15 分钟", "预计 2.5 小时". Beyond an hour an estimate
 * is coarse anyway, so it is rounded to half hours.
 */
export function etaText(t: Translate, minutes: number): string {
  const m = Math.round(minutes);
  if (m <= 0) return t('etaSoon');
  if (m < 60) return t('etaMinutes', { m });
  return t('etaHours', { h: Math.round(m / 30) / 2 });
}
