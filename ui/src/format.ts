/** Small display helpers shared by the pages. */
export function minutesText(min: number, lang: 'zh' | 'en' = 'zh'): string {
  if (min <= 0) return lang === 'zh' ? '即将办理' : 'now';
  if (min < 60) return lang === 'zh' ? `约 ${min} 分钟` : `about ${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return lang === 'zh' ? `约 ${h} 小时${m ? ` ${m} 分钟` : ''}` : `about ${h} h${m ? ` ${m} min` : ''}`;
}

/** Date, time and weekday of an instant in the hall's zone: "2026年5月12日" / "12 May 2026", "星期二" / "Tuesday". */
export function clockText(
  at: number,
  timeZone = 'Asia/Shanghai',
  lang: 'zh' | 'en' = 'zh',
): { date: string; time: string; weekday: string } {
  const d = new Date(at);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const date = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(d);
  const time = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(d);
  return { date, time, weekday };
}
