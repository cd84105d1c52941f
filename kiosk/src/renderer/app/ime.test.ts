import { describe, expect, it } from 'vitest';
import { pinyin } from 'pinyin-pro';
import { buildImeTable, gb2312Level1 } from './ime.ts';

describe('pinyin IME table', () => {
  const chars = gb2312Level1();
  const ime = buildImeTable(chars, (ch) => pinyin(ch, { toneType: 'none', multiple: true, type: 'array', v: true }));

  it('covers the 3,755 level-1 characters', () => {
    expect(chars).toHaveLength(3755);
    expect(chars[0]).toBe('啊');
    expect(chars[chars.length - 1]).toBe('座');
  });

  it('offers common characters first for a syllable, surnames included', () => {
    const zhang = ime.candidates('zhang');
    expect(zhang.slice(0, 8)).toContain('张');
    expect(zhang.every((c) => pinyin(c, { toneType: 'none', multiple: true, type: 'array' }).includes('zhang'))).toBe(true);
    expect(ime.candidates('wang').slice(0, 5)).toContain('王');
  });

  it('extends a prefix to longer syllables, and handles ü as v', () => {
    expect(ime.candidates('zh', 400)).toContain('中');
    expect(ime.candidates('lv')).toContain('绿');
  });

  it('gives nothing for an impossible spelling', () => {
    expect(ime.candidates('xq')).toEqual([]);
    expect(ime.candidates('')).toEqual([]);
  });
});
