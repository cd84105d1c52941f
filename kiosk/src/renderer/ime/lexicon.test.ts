/** The checked-in lexicon is exactly what `build-lexicon.ts` makes from the pinned datasets. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLexicon, LEXICON_PATH, loadSources, shortPlaceNames } from './build-lexicon.ts';
import { parseLexicon } from './engine.ts';

describe('lexicon.txt', () => {
  it('is up to date with build-lexicon.ts and its datasets (run `npm run -w kiosk ime:lexicon`)', () => {
    const built = buildLexicon(loadSources());
    const file = readFileSync(LEXICON_PATH, 'utf8');
    expect(built.length).toBe(file.length);
    expect(built === file).toBe(true);
  }, 60_000);

  it('parses, with toneless syllables and one syllable per character', () => {
    const entries = parseLexicon(readFileSync(LEXICON_PATH, 'utf8'));
    expect(entries.length).toBeGreaterThan(50_000);
    const bad = entries.filter(
      (e) => e.syl.length !== Array.from(e.word).length || !e.syl.every((s) => /^[a-z]+$/.test(s)) || !(e.weight > 0),
    );
    expect(bad).toEqual([]);
    const zhang = entries.find((e) => e.word === '张' && e.syl[0] === 'zhang');
    expect(zhang?.surnameRank).toBe(3);
    expect(entries.find((e) => e.word === '内蒙古')?.isPlace).toBe(true);
  });

  it('shortens administrative names the way people say them', () => {
    expect(shortPlaceNames('内蒙古自治区')).toEqual(['内蒙古']);
    expect(shortPlaceNames('广西壮族自治区')).toEqual(['广西']);
    expect(shortPlaceNames('延边朝鲜族自治州')).toEqual(['延边']);
    expect(shortPlaceNames('印江土家族苗族自治县')).toEqual(['印江']);
    expect(shortPlaceNames('朝阳区')).toEqual(['朝阳']);
    expect(shortPlaceNames('河北省')).toEqual(['河北']);
    // One character left is no name: 赵县 stays 赵县.
    expect(shortPlaceNames('赵县')).toEqual([]);
  });
});
