/** The hall's search index, built once per hall config after pinyin-pro has loaded. */
import type { HallInfo } from '@hall/contract';
import { buildSearchIndex, loadPinyin, type SearchIndex } from './search-index.ts';

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
