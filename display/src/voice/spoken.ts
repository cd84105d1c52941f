/**
 * What a call sounds like, as data: the spoken sentence for a system voice and the clip sequence for the
 * recorded-clip fallback. Pure (no DOM), so the wording rules are unit-tested.
 *
 * Hall conventions: a ticket number is read letter by letter and digit by digit ("A012" → "A 零 一 二 号");
 * a window number is read as a number ("16" → "十六号窗口"). The template comes from the hall's voice
 * settings, e.g. "请 {number} 号到 {window} 号窗口办理".
 */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** "A012" → "A零一二": letters kept, digits as Chinese digit words. */
export function spokenTicketNumber(number: string): string {
  return [...number.toUpperCase()].map((ch) => (ch >= '0' && ch <= '9' ? DIGITS[Number(ch)] : ch)).join('');
}

/** 5 → "五", 10 → "十", 16 → "十六", 20 → "二十", 99 → "九十九"; from 100 on, digit by digit ("一零五"). */
export function spokenWindowNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0) return '';
  if (n < 10) return DIGITS[n] as string;
  if (n < 100) {
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
  }
  return spokenTicketNumber(String(n));
}

export interface SpokenCall {
  number: string;
  windowNumber: number;
}

/** The sentence handed to a Chinese system voice: "请 A零一二 号到 五 号窗口办理". */
export function speechText(template: string, call: SpokenCall): string {
  return template.replaceAll('{number}', spokenTicketNumber(call.number)).replaceAll('{window}', spokenWindowNumber(call.windowNumber));
}

/** Clip names shipped in `assets/voice/` (see scripts/make-voice-clips.sh), keyed by the words they say. */
export const CLIP_WORDS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(DIGITS.map((d, i) => [d, `d${i}`])),
  十: 'ten',
  ...Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((l) => [l, `l${l}`])),
  请: 'p-qing',
  号: 'p-hao',
  到: 'p-dao',
  号窗口办理: 'p-hao-chuangkou-banli',
  窗口: 'p-chuangkou',
  办理: 'p-banli',
  前往: 'p-qianwang',
};

export const CHIME_CLIP = 'chime';

const LONGEST_WORD = Math.max(...Object.keys(CLIP_WORDS).map((w) => w.length));
const SILENT = /[\s,，。.、:：;；!！?？·\-—()（）]/u;

/**
 * The clips that say `speechText(template, call)`, longest word first ("号窗口办理" beats "号"). Characters
 * with no clip are returned in `missing` (a custom template with words the clip set lacks) and skipped.
 */
export function clipSequence(template: string, call: SpokenCall): { clips: string[]; missing: string[] } {
  const text = speechText(template, call).toUpperCase();
  const clips: string[] = [];
  const missing: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (SILENT.test(ch)) {
      i += 1;
      continue;
    }
    let matched = false;
    for (let len = Math.min(LONGEST_WORD, text.length - i); len > 0; len -= 1) {
      const clip = CLIP_WORDS[text.slice(i, i + len)];
      if (clip) {
        clips.push(clip);
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) {
      missing.push(ch);
      i += 1;
    }
  }
  return { clips, missing };
}
