/** The hall's search index, built once per hall config after pinyin-pro has loaded. */
import type { HallInfo } from '@hall/contract';
import { buildSearchIndex, loadPinyin, type PinyinFn, type SearchIndex } from './search-index.ts';

let cache: { hall: HallInfo; index: Promise<SearchIndex> } | null = null;

export function hallSearchIndex(hall: HallInfo): Promise<SearchIndex> {
  if (cache?.hall === hall) return cache.index;
  const index = loadPinyin().then((py) =>
    buildSearchIndex(
      [
        ...hall.bundles.map((b) => ({ kind: 'bundle' as const, id: b.id, name: b.name, nameEn: b.nameEn, keywords: [] })),
        ...hall.services.map((s) => ({ kind: 'service' as const, id: s.id, name: s.name, nameEn: s.nameEn, keywords: s.keywords })),
      ],
      py,
    ),
  );
  cache = { hall, index };
  return index;
}

export interface Phrase {
  word: string;
  syl: string[];
}

/**
 * The hall's matter names and keywords as input-method phrases, so `budongchanzhuanyi` or `bdczy` offers
 * 不动产转移登记 in the search box. Each run of two or more Han characters is one phrase.
 */
export function hallPhrases(hall: HallInfo, pinyin: PinyinFn): Phrase[] {
  const texts = [...hall.bundles.map((b) => b.name), ...hall.services.flatMap((s) => [s.name, ...s.keywords])];
  const out = new Map<string, Phrase>();
  for (const text of texts) {
    for (const run of text.match(/[\u4e00-\u9fff]{2,}/g) ?? []) {
      if (out.has(run)) continue;
      const syl = pinyin(run).map((s) => s.toLowerCase().replace(/ü/g, 'v'));
      if (syl.length === run.length && syl.every((s) => /^[a-z]+$/.test(s))) out.set(run, { word: run, syl });
    }
  }
  return [...out.values()];
}

let phraseCache: { hall: HallInfo; phrases: Promise<Phrase[]> } | null = null;

export function loadHallPhrases(hall: HallInfo): Promise<Phrase[]> {
  if (phraseCache?.hall === hall) return phraseCache.phrases;
  const phrases = loadPinyin().then((py) => hallPhrases(hall, py));
  phraseCache = { hall, phrases };
  return phrases;
}
