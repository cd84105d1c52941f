/**
 * Opening hours in words for the kiosk and the hall screen (Simplified Chinese and English): when the hall
 * opens next ("明天 08:30", "5月18日（星期一）08:30") and a day's spans ("08:30–12:00、13:30–17:30"). Pure,
 * unit-tested; the facts come from `hallOpening` in the contract.
 */
import type { HallOpening, HoursConfig } from '@hall/contract';
import type { Lang } from './i18n.ts';

const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** "今天", "明天", "后天", else "5月18日（星期一）"; English "today", "tomorrow", "Monday 18 May". */
export function dayText(date: string, today: string, lang: Lang): string {
  const diff = dayNumber(date) - dayNumber(today);
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  if (lang === 'zh') {
    if (diff === 0) return '今天';
    if (diff === 1) return '明天';
    if (diff === 2) return '后天';
    return `${m}月${d}日（${WEEKDAYS_ZH[weekday]}）`;
  }
  if (diff === 0) return 'today';
  if (diff === 1) return 'tomorrow';
  return `${WEEKDAYS_EN[weekday]} ${d} ${MONTHS_EN[m - 1]}`;
}

/** When the hall opens next, e.g. "明天 08:30" / "tomorrow at 08:30"; null when no opening is known. */
export function nextOpeningText(opening: Pick<HallOpening, 'date' | 'nextOpenDate' | 'nextOpenTime'>, lang: Lang): string | null {
  if (!opening.nextOpenDate || !opening.nextOpenTime) return null;
  const day = dayText(opening.nextOpenDate, opening.date, lang);
  return lang === 'zh' ? `${day} ${opening.nextOpenTime}` : `${day} at ${opening.nextOpenTime}`;
}

/** A day's spans: "08:30–12:00、13:30–17:30"; "休息" / "closed" for none. */
export function spansText(spans: ReadonlyArray<{ open: string; close: string }>, lang: Lang): string {
  if (spans.length === 0) return lang === 'zh' ? '休息' : 'closed';
  return spans.map((s) => `${s.open}–${s.close}`).join(lang === 'zh' ? '、' : ', ');
}

/** The week's hours as rows: 工作日 / 周六 / 周日 (English: Weekdays / Saturday / Sunday). */
export function weekHours(hours: HoursConfig, lang: Lang): Array<{ label: string; text: string }> {
  const rows: Array<[string, string, HoursConfig['weekdays']]> = [
    ['周一至周五', 'Monday–Friday', hours.weekdays],
    ['周六', 'Saturday', hours.saturday],
    ['周日', 'Sunday', hours.sunday],
  ];
  return rows.map(([zh, en, spans]) => ({ label: lang === 'zh' ? zh : en, text: spansText(spans, lang) }));
}
