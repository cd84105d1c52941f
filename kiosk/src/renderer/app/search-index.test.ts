import { beforeAll, describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../../../queue-server/src/config/load-config.ts';
import { buildSearchIndex, loadPinyin, type SearchIndex } from './search-index.ts';

describe('buildSearchIndex() over the demo hall', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    const c = loadHallConfig();
    const py = await loadPinyin();
    index = buildSearchIndex(
      [
        ...c.bundles.map((b) => ({ kind: 'bundle' as const, id: b.id, name: b.name, nameEn: b.nameEn })),
        ...c.services.map((s) => ({ kind: 'service' as const, id: s.id, name: s.name, nameEn: s.nameEn, keywords: s.keywords })),
      ],
      py,
    );
  });
  const ids = (q: string) => index.search(q).map((h) => h.item.id);

  it('finds 不动产… matters by pinyin initials "bdc", and only those first', () => {
    const r = ids('bdc');
    expect(r.slice(0, 4).sort()).toEqual(['mortgage-cancel', 'mortgage-registration', 'property-inquiry', 'property-transfer']);
  });

  it('narrows with more initials and accepts full pinyin', () => {
    expect(ids('bdczy')[0]).toBe('property-transfer');
    expect(ids('budongchan')).toContain('property-transfer');
    expect(ids('gongjijin')[0]).toMatch(/^fund-/);
  });

  it('matches Chinese names and keywords', () => {
    expect(ids('不动产')).toContain('mortgage-registration');
    expect(ids('过户')[0]).toBe('property-transfer');
    expect(ids('开餐馆')[0]).toBe('open-restaurant');
  });

  it('matches keyword initials (sfz = 身份证) and English names', () => {
    expect(ids('passport')).toContain('passport');
    expect(ids('sfz')).toContain('id-card-renewal');
  });

  it('returns nothing for an empty query or nonsense', () => {
    expect(ids('')).toEqual([]);
    expect(ids('qqqzzz')).toEqual([]);
  });
});
