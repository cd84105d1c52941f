/**
 * Finding a matter by what a citizen can type on the kiosk: Chinese (不动产), full pinyin (budongchan),
 * pinyin initials (bdc), keywords (过户) or English. Pure: pinyin comes in through `PinyinFn`, so the index
 * is built and tested without the browser, and `pinyin-pro` (≈140 kB gzipped) is loaded only when needed.
 */

/** Syllables of a text without tones, one per Han character (other characters pass through). */
export type PinyinFn = (text: string) => string[];

export interface Searchable {
  kind: 'service' | 'bundle';
  id: string;
  name: string;
  nameEn?: string | undefined;
  keywords?: readonly string[] | undefined;
}

interface Entry {
  item: Searchable;
  texts: string[];
  /** Full pinyin of the name and each keyword, no spaces. */
  fulls: string[];
  /** Initials of the name and each keyword. */
  initials: string[];
  en: string;
}

export interface SearchHit {
  item: Searchable;
  score: number;
}

export interface SearchIndex {
  search(query: string, limit?: number): SearchHit[];
  readonly size: number;
}

const norm = (s: string) => s.toLowerCase().replace(/[\s'’·，,（）()“”"、-]/g, '');

export function buildSearchIndex(items: readonly Searchable[], pinyin: PinyinFn): SearchIndex {
  const entries: Entry[] = items.map((item) => {
    const texts = [item.name, ...(item.keywords ?? [])];
    const syl = texts.map((t) =>
      pinyin(t)
        .map((s) => norm(s))
        .filter((s) => s !== ''),
    );
    return {
      item,
      texts: texts.map(norm),
      fulls: syl.map((s) => s.join('')),
      initials: syl.map((s) => s.map((x) => x[0] ?? '').join('')),
      en: norm(item.nameEn ?? ''),
    };
  });

  const scoreOf = (e: Entry, q: string, isLatin: boolean): number => {
    let best = 0;
    const bump = (v: number) => {
      if (v > best) best = v;
    };
    e.texts.forEach((t, i) => {
      const weight = i === 0 ? 1 : 0.8; // the name counts more than a keyword
      if (!isLatin) {
        if (t === q) bump(100 * weight);
        else if (t.startsWith(q)) bump(90 * weight);
        else if (t.includes(q)) bump(80 * weight);
        return;
      }
      const ini = e.initials[i] ?? '';
      const full = e.fulls[i] ?? '';
      if (ini.startsWith(q)) bump(75 * weight);
      else if (full.startsWith(q)) bump(72 * weight);
      else if (q.length >= 2 && ini.includes(q)) bump(60 * weight);
      else if (q.length >= 3 && full.includes(q)) bump(55 * weight);
    });
    if (isLatin && e.en !== '') {
      if (e.en.startsWith(q)) bump(50);
      else if (q.length >= 3 && e.en.includes(q)) bump(40);
    }
    return best;
  };

  return {
    size: entries.length,
    search(query, limit = 30) {
      const q = norm(query);
      if (q === '') return [];
      const isLatin = /^[a-z0-9]+$/.test(q);
      const hits: SearchHit[] = [];
      for (const e of entries) {
        const s = scoreOf(e, q, isLatin);
        if (s > 0) hits.push({ item: e.item, score: s + (e.item.kind === 'bundle' ? 1 : 0) });
      }
      // Stable: equal scores keep config order (the hall lists its most asked-for matters first).
      return hits.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}

/** Loads pinyin-pro on demand and adapts it to `PinyinFn`. */
export async function loadPinyin(): Promise<PinyinFn> {
  const { pinyin } = await import('pinyin-pro');
  return (text) => pinyin(text, { toneType: 'none', type: 'array', v: false });
}
