/**
 * The words every page uses for a wait estimate, so the kiosk, the slip, the hall screen, the phone page and
 * the consoles say the same thing for the same figure: a range ("约 20–35 分钟") where the point is uncertain,
 * and plain words instead of a number when there is no honest figure (NO_OPEN_WINDOW, AFTER_CLOSE).
 */
import type { WaitEstimate } from './ticket.ts';

export type WaitLang = 'zh' | 'en';

function span(low: number, high: number, lang: WaitLang): string {
  // Over two hours the minutes are noise: whole hours (rounded outwards).
  if (high >= 120) {
    const lo = Math.max(1, Math.floor(low / 60));
    const hi = Math.max(lo, Math.ceil(high / 60));
    if (lang === 'en') return lo === hi ? `about ${lo} h` : `about ${lo}–${hi} h`;
    return lo === hi ? `约 ${lo} 小时` : `约 ${lo}–${hi} 小时`;
  }
  if (lang === 'en') return low === high ? `about ${low} min` : `about ${low}–${high} min`;
  return low === high ? `约 ${low} 分钟` : `约 ${low}–${high} 分钟`;
}

/**
 * The figure as words: "约 20–35 分钟" / "about 20–35 min"; "无需等候" when it is 0–0; the note's short words
 * when there is no number. `estimate` may be a stored one from before ranges existed (low = high = minutes).
 */
export function waitText(estimate: WaitEstimate | null | undefined, lang: WaitLang = 'zh'): string {
  if (!estimate) return lang === 'en' ? 'not known' : '暂无法估计';
  if (estimate.note === 'NO_OPEN_WINDOW' || (estimate.minutes === null && estimate.note !== 'AFTER_CLOSE'))
    return lang === 'en' ? 'no window open for this now' : '暂无窗口办理';
  if (estimate.note === 'AFTER_CLOSE') return lang === 'en' ? 'probably not today' : '今日可能办不完';
  const m = Math.max(0, Math.round(estimate.minutes ?? 0));
  const low = Math.min(m, Math.max(0, Math.round(estimate.low)));
  const high = Math.max(m, Math.round(estimate.high));
  if (high === 0) return lang === 'en' ? 'no wait' : '无需等候';
  return span(low, high, lang);
}

/**
 * What a citizen can do instead, for a note (the kiosk, the slip, the phone page): book an appointment or
 * ask at the help desk. `helpDesk` is the hall's own name for it (导办台).
 */
export function waitAdvice(estimate: WaitEstimate | null | undefined, helpDesk: string, lang: WaitLang = 'zh'): string | null {
  if (!estimate) return null;
  if (estimate.note === 'NO_OPEN_WINDOW' || (estimate.minutes === null && estimate.note === undefined))
    return lang === 'en'
      ? 'No window that handles this is open now. Please ask at the help desk, or book an appointment.'
      : `现在没有开放的窗口办理此类业务，请咨询${helpDesk}，或预约其他时间办理。`;
  if (estimate.note === 'AFTER_CLOSE')
    return lang === 'en'
      ? 'You will probably not be called before the hall closes today. Please book an appointment, or ask at the help desk.'
      : `今日下班前可能叫不到您的号，建议预约其他时间办理，或咨询${helpDesk}。`;
  return null;
}
