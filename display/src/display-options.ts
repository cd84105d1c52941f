/**
 * What one hall screen shows and how it speaks, from its URL. A screen over one zone of the hall is the same
 * page with a filter:
 *
 *   /display?windows=W01,W02        only these windows (and calls to them)
 *   /display?categories=insurance,F only these categories (id or ticket prefix), and windows skilled for them
 *   /display?zone=一楼 B 区          only windows whose zone contains this text
 *   &voice=auto|tts|clips|off  &voiceRate=1.2  &repeat=1  &volume=0.8  &chime=0   override the hall's voice
 *   &lang=en                       English screen (default: Chinese with English beneath)
 *
 * Pure: the functions below take plain data and are unit-tested.
 */
import type { CallAnnouncement, HallInfo, WindowState } from '@hall/contract';

export type VoiceMode = 'auto' | 'tts' | 'clips' | 'off';

export interface DisplayOptions {
  /** `zh`: Chinese with English beneath each label; `en`: everything in English. */
  lang: 'zh' | 'en';
  windows: string[] | null;
  categories: string[] | null;
  zone: string | null;
  voice: {
    mode: VoiceMode;
    rate: number | null;
    repeat: number | null;
    volume: number | null;
    chime: boolean | null;
  };
}

type Category = HallInfo['categories'][number];

function list(v: string | null): string[] | null {
  if (v === null) return null;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : null;
}

function num(v: string | null, min: number, max: number): number | null {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : null;
}

export function parseDisplayOptions(search: string): DisplayOptions {
  const q = new URLSearchParams(search);
  const mode = q.get('voice');
  const chime = q.get('chime');
  return {
    lang: q.get('lang')?.toLowerCase().startsWith('en') ? 'en' : 'zh',
    windows: list(q.get('windows'))?.map((w) => w.toUpperCase()) ?? null,
    categories: list(q.get('categories')),
    zone: q.get('zone')?.trim() || null,
    voice: {
      mode: mode === 'tts' || mode === 'clips' || mode === 'off' ? mode : 'auto',
      rate: num(q.get('voiceRate'), 0.5, 4),
      repeat: num(q.get('repeat'), 1, 3),
      volume: num(q.get('volume'), 0, 1),
      chime: chime === null ? null : !(chime === '0' || chime === 'false' || chime === 'off'),
    },
  };
}

/** Whether the screen is limited to part of the hall. */
export function isFiltered(o: DisplayOptions): boolean {
  return o.windows !== null || o.categories !== null || o.zone !== null;
}

/** The categories named by `?categories=` (by id, case-insensitive, or by ticket prefix). */
export function wantedCategoryIds(o: DisplayOptions, categories: readonly Category[]): Set<string> | null {
  if (!o.categories) return null;
  const wanted = new Set<string>();
  for (const token of o.categories) {
    for (const c of categories) {
      if (c.id.toLowerCase() === token.toLowerCase() || c.prefix.toUpperCase() === token.toUpperCase()) wanted.add(c.id);
    }
  }
  return wanted;
}

/** The windows this screen shows, in window-number order. */
export function selectWindows(windows: readonly WindowState[], o: DisplayOptions, categories: readonly Category[]): WindowState[] {
  const cats = wantedCategoryIds(o, categories);
  return windows
    .filter((w) => !o.windows || o.windows.includes(w.id.toUpperCase()))
    .filter((w) => !o.zone || (w.zone ?? '').includes(o.zone))
    .filter((w) => !cats || w.skills.some((s) => cats.has(s)))
    .sort((a, b) => a.number - b.number || a.id.localeCompare(b.id));
}

/** The categories whose queues this screen shows: the named ones, else those its windows serve, else all. */
export function selectCategories(o: DisplayOptions, categories: readonly Category[], shownWindows: readonly WindowState[]): Category[] {
  const cats = wantedCategoryIds(o, categories);
  if (cats) return categories.filter((c) => cats.has(c.id));
  if (!isFiltered(o)) return [...categories];
  const skills = new Set(shownWindows.flatMap((w) => w.skills));
  return categories.filter((c) => skills.has(c.id));
}

/** The category a ticket number belongs to, by its letter prefix ("F003" → insurance). */
export function categoryOfNumber(number: string, categories: readonly Category[]): Category | undefined {
  const prefix = /^[A-Za-z]+/.exec(number)?.[0]?.toUpperCase() ?? '';
  return categories.find((c) => c.prefix.toUpperCase() === prefix);
}

/** Whether this screen shows (and announces) a call. */
export function callIsShown(
  call: CallAnnouncement,
  o: DisplayOptions,
  shownWindowIds: ReadonlySet<string>,
  categories: readonly Category[],
): boolean {
  if (!isFiltered(o)) return true;
  if (!shownWindowIds.has(call.windowId)) return false;
  const cats = wantedCategoryIds(o, categories);
  if (!cats) return true;
  const cat = categoryOfNumber(call.number, categories);
  return cat === undefined || cats.has(cat.id);
}
