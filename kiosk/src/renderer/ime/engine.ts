/**
 * The kiosk's pinyin input method: letters in, candidates out. Pure (no I/O, no clock); the data comes in as
 * the text of `lexicon.txt` (see `build-lexicon.ts` for where every entry comes from).
 *
 * How a buffer becomes candidates:
 * 1. The letters are read as a lattice of syllables: full syllables (`ping`, `an`), an initial standing for a
 *    whole syllable (`y` in `yxgs`), and an unfinished last syllable (`gon` while typing `gong`).
 * 2. Every dictionary word that fits a path through the lattice is a match; its cost is −log of its
 *    frequency plus a penalty for each abbreviated or unfinished syllable.
 * 3. The cheapest chain of words covering the whole buffer is the sentence candidate (平安餐饮有限公司 for
 *    `pingancanyinyouxiangongsi`), then come single words covering the whole buffer, then words covering its
 *    start (the rest of the buffer stays to be typed on), then every character of the first syllable.
 * The field being typed into reorders, never hides: surnames first at the start of a name, given-name
 * characters after it, place names in addresses, the hall's matter names in search, and words that
 * continue the text already in the field.
 */

export type ImeField = 'name' | 'address' | 'search' | 'text';

export interface ImeContext {
  field: ImeField;
  /** The text already in the field, before the cursor. */
  before: string;
  /**
   * What the input method itself put at the end of `before`, oldest first, with the letters typed for each.
   * It lets a word typed one syllable at a time mend its start: 参 (can) then `yin` offers 餐饮 in place of 参.
   */
  recent?: ReadonlyArray<{ text: string; letters: string }>;
}

export interface Candidate {
  text: string;
  /** How many letters of the buffer this candidate stands for; the rest stay in the buffer. */
  consumed: number;
  kind: 'sentence' | 'word' | 'char';
  /** This candidate replaces the last `replaces` entries of `ctx.recent` (their text is removed first). */
  replaces?: number;
}

export interface LexEntry {
  word: string;
  syl: readonly string[];
  weight: number;
  isPlace: boolean;
  /** 1 = the most common surname; 0 = not a surname. */
  surnameRank: number;
  /** Extra phrases (the hall's matter names) added for one field kind. */
  isPhrase?: boolean;
}

export interface ImeEngine {
  /** Candidates for a buffer of lower-case letters, best first. */
  candidates(letters: string, ctx?: ImeContext, limit?: number): Candidate[];
  /** A copy of this engine that also knows these phrases, ranked first in `search` fields. */
  withPhrases(phrases: ReadonlyArray<{ word: string; syl: readonly string[] }>): ImeEngine;
  /** Every syllable the dictionary knows (toneless, ü as v). */
  readonly syllables: ReadonlySet<string>;
  /**
   * Parses the next part of the dictionary ahead of use, for about `budgetMs` of the clock passed in;
   * returns true when everything is parsed. Idle time on the kiosk calls it, so first key presses are fast.
   */
  prepare(budgetMs: number, now: () => number): boolean;
}

/**
 * Characters common in given names: they come first after the surname in a name field. A short curated
 * list (the most used given-name characters of the national name reports, older and newer generations);
 * it only reorders candidates.
 */
export const GIVEN_NAME_CHARS =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚英华玉兰秀桂萍红梅莉燕辉鹏斌宇浩凯晨欣怡婷雪琳鑫昊曦钰晖' +
  '子轩涵梓萱诺沐宸睿泽瑞博文俊豪雨桐佳琪思嘉悦彤妍可馨若依一心安然晓琳琦瑶颖倩蕾璐慧佩君洁露丹' +
  '建国志海波峰林斌飞亮健龙毅坤阳旭东振兴荣家德福祥德永春秋冬立新宁珍淑凤琴云青颖航帆翔宏达嘉怡' +
  '玲蓉媛薇菲霖泓铭懿瀚煜熙璇琰钧鸿锦程逸晗彬韬';

const INITIALS = new Set([
  'b',
  'p',
  'm',
  'f',
  'd',
  't',
  'n',
  'l',
  'g',
  'k',
  'h',
  'j',
  'q',
  'x',
  'r',
  'z',
  'c',
  's',
  'y',
  'w',
  'zh',
  'ch',
  'sh',
]);
const HAS_VOWEL = /[aeiouv]/;
const VOWEL_START = /^[aeiouv]/;

/** Penalties in nats, on top of −log frequency. */
const ABBREV_COST = 3;
const PARTIAL_COST = 1.2;
const SURNAME_RANK_COST = 0.5;
const GIVEN_BONUS = 6;
const PLACE_BONUS = 2;
const PHRASE_BONUS = 8;
/** λ: how much the field's last characters count; and how much a word begun (not completed) counts. */
const CONTEXT_WEIGHT = 0.3;
const CONTEXT_PREFIX_SHARE = 0.5;
const MAX_WORD_SYLLABLES = 9;
/** The hall's matter names count as fairly common words. */
const PHRASE_WEIGHT = 1000;
/** Completing a matter name from its first syllables costs a little more than typing it all. */
const COMPLETION_COST = 1;

function parseLine(line: string, lineNo: number): LexEntry {
  const [word, syl, weight, tags] = line.split('\t');
  const w = Number(weight);
  if (!word || !syl || !Number.isFinite(w)) throw new Error(`lexicon line ${lineNo} is malformed`);
  let surnameRank = 0;
  let isPlace = false;
  if (tags) {
    for (const t of tags.split(',')) {
      if (t === 'p') isPlace = true;
      else if (t.startsWith('s')) surnameRank = Number(t.slice(1));
    }
  }
  return { word, syl: syl.split(' '), weight: w, isPlace, surnameRank };
}

/** Parses the whole text of `lexicon.txt` (tests and tools; the engine parses lazily). */
export function parseLexicon(text: string): LexEntry[] {
  const out: LexEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line !== '') out.push(parseLine(line, i + 1));
  });
  return out;
}

interface Node {
  children: Map<string, Node>;
  /** Entries whose syllables end here. */
  entries: LexEntry[];
  /** Children whose syllable starts with a given initial or unfinished syllable, built on first use. */
  byPrefix?: Map<string, Node[]>;
}

type EdgeKind = 'full' | 'abbr' | 'partial';
interface Edge {
  to: number;
  text: string;
  kind: EdgeKind;
}

interface Match {
  entry: LexEntry;
  from: number;
  to: number;
  cost: number;
  /** Every syllable typed in full (no initial standing for a syllable, no unfinished one). */
  exact: boolean;
  /** Some syllable is only its initial. */
  abbreviated: boolean;
}

const newNode = (): Node => ({ children: new Map(), entries: [] });

function insert(root: Node, e: LexEntry, from = 0): void {
  let node = root;
  for (let i = from; i < e.syl.length; i++) {
    const s = e.syl[i] as string;
    let next = node.children.get(s);
    if (!next) {
      next = newNode();
      node.children.set(s, next);
    }
    node = next;
  }
  node.entries.push(e);
}

const codePoints = (s: string): string[] => (/[\ud800-\udbff]/.test(s) ? Array.from(s) : s.split(''));

/** One first syllable's lines of the lexicon, parsed the first time a buffer needs them. */
interface Chunk {
  start: number;
  end: number;
  node?: Node;
  /** Words of this chunk, and their proper prefixes of two characters or more, with weights, for context. */
  words?: Map<string, number>;
  prefixes?: Map<string, number>;
}

/**
 * An engine over the text of `lexicon.txt`. Loading only finds where each first syllable's lines are (the
 * file is sorted by pinyin) and reads the single characters; everything else is parsed when a buffer first
 * reaches it, so the kiosk has the engine within milliseconds of the data arriving.
 */
export function createEngine(lexicon: string, extra: readonly LexEntry[] = []): ImeEngine {
  const chunks = new Map<string, Chunk>();
  const readingsOf = new Map<string, string[]>();
  const charWeight = new Map<string, number>();
  let total = 0;
  let lineNo = 0;
  let prevSyl = '';
  let chunkStart = 0;
  for (let at = 0; at < lexicon.length;) {
    let nl = lexicon.indexOf('\n', at);
    if (nl < 0) nl = lexicon.length;
    lineNo++;
    const tab1 = lexicon.indexOf('\t', at);
    const tab2 = lexicon.indexOf('\t', tab1 + 1);
    if (tab1 < 0 || tab2 < 0 || tab2 > nl) throw new Error(`lexicon line ${lineNo} is malformed`);
    const space = lexicon.indexOf(' ', tab1 + 1);
    const isSingle = space < 0 || space > tab2;
    const first = lexicon.slice(tab1 + 1, isSingle ? tab2 : space);
    if (first !== prevSyl) {
      if (prevSyl !== '') chunks.set(prevSyl, { start: chunkStart, end: at });
      if (chunks.has(first)) throw new Error(`lexicon is not sorted at line ${lineNo}`);
      prevSyl = first;
      chunkStart = at;
    }
    const tab3 = lexicon.indexOf('\t', tab2 + 1);
    total += Number(lexicon.slice(tab2 + 1, tab3 < 0 || tab3 > nl ? nl : tab3)) || 0;
    if (isSingle) {
      const ch = lexicon.slice(at, tab1);
      charWeight.set(ch, (charWeight.get(ch) ?? 0) + (Number(lexicon.slice(tab2 + 1, tab3 < 0 || tab3 > nl ? nl : tab3)) || 0));
      const list = readingsOf.get(ch);
      if (list) list.push(first);
      else readingsOf.set(ch, [first]);
    }
    at = nl + 1;
  }
  if (prevSyl !== '') chunks.set(prevSyl, { start: chunkStart, end: lexicon.length });
  const extraByFirst = new Map<string, LexEntry[]>();
  for (const e of extra) {
    const first = e.syl[0] as string;
    extraByFirst.set(first, [...(extraByFirst.get(first) ?? []), e]);
    total += e.weight;
  }
  const syllables = new Set([...chunks.keys(), ...extraByFirst.keys()]);
  const lnTotal = Math.log(Math.max(total, 1));

  const root = newNode();
  // The extra phrases also get a trie of their own, for completing them from their start: a search for
  // `bdczy` offers 不动产转移登记 before 登记 is typed.
  const phraseRoot = newNode();
  for (const e of extra) insert(phraseRoot, e);
  const materialize = (syl: string): Node | undefined => {
    const chunk = chunks.get(syl);
    const more = extraByFirst.get(syl);
    if (!chunk && !more) return undefined;
    const known = root.children.get(syl);
    if (known) return known;
    const node = newNode();
    if (chunk) {
      for (const line of lexicon.slice(chunk.start, chunk.end).split('\n')) if (line !== '') insert(node, parseLine(line, 0), 1);
    }
    for (const e of more ?? []) insert(node, e, 1);
    root.children.set(syl, node);
    return node;
  };
  const rootChild = (syl: string) => materialize(syl);
  const rootByPrefix = new Map<string, Node[]>();
  const rootChildrenByPrefix = (prefix: string): Node[] => {
    let list = rootByPrefix.get(prefix);
    if (!list) {
      list = [];
      for (const syl of syllables) if (syl.startsWith(prefix)) list.push(materialize(syl) as Node);
      rootByPrefix.set(prefix, list);
    }
    return list;
  };

  /**
   * How common `text` is as a word of the lexicon, or as the start of one (the commonest such word), for
   * characters continuing what is in the field; 0 when it is neither.
   */
  const contextWeight = (text: string): { word: number; prefix: number } => {
    const out = { word: 0, prefix: 0 };
    const firstChar = codePoints(text)[0];
    if (!firstChar) return out;
    for (const syl of readingsOf.get(firstChar) ?? []) {
      const chunk = chunks.get(syl);
      if (!chunk) continue;
      if (!chunk.words || !chunk.prefixes) {
        const words = new Map<string, number>();
        const prefixes = new Map<string, number>();
        for (let at = chunk.start; at < chunk.end;) {
          const nl = lexicon.indexOf('\n', at);
          const tab1 = lexicon.indexOf('\t', at);
          const tab2 = lexicon.indexOf('\t', tab1 + 1);
          const word = lexicon.slice(at, tab1);
          const tab3 = lexicon.indexOf('\t', tab2 + 1);
          const end = nl < 0 ? chunk.end : nl;
          const w = Number(lexicon.slice(tab2 + 1, tab3 < 0 || tab3 > end ? end : tab3)) || 0;
          words.set(word, Math.max(words.get(word) ?? 0, w));
          const cs = codePoints(word);
          for (let k = 2; k < cs.length; k++) {
            const pre = cs.slice(0, k).join('');
            prefixes.set(pre, Math.max(prefixes.get(pre) ?? 0, w));
          }
          at = end + 1;
        }
        chunk.words = words;
        chunk.prefixes = prefixes;
      }
      out.word = Math.max(out.word, chunk.words.get(text) ?? 0);
      out.prefix = Math.max(out.prefix, chunk.prefixes.get(text) ?? 0);
    }
    return out;
  };

  // Syllables with no vowel (嗯 ng, 呣 m) are read only when they are the whole buffer: as parts they
  // would swallow the initials n, m of real syllables.
  const segmentable = new Set([...syllables].filter((s) => HAS_VOWEL.test(s)));
  const syllablePrefixes = new Set<string>();
  for (const s of segmentable) for (let k = 1; k < s.length; k++) syllablePrefixes.add(s.slice(0, k));
  const maxSyl = Math.max(...[...syllables].map((s) => s.length));

  const lattice = (letters: string): Edge[][] => {
    const n = letters.length;
    const out: Edge[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      for (let len = 1; len <= maxSyl && i + len <= n; len++) {
        const t = letters.slice(i, i + len);
        if (segmentable.has(t) || (i === 0 && len === n && syllables.has(t))) out[i]?.push({ to: i + len, text: t, kind: 'full' });
        else if (i + len === n && syllablePrefixes.has(t)) out[i]?.push({ to: n, text: t, kind: 'partial' });
        // An initial stands for a syllable only where no syllable could go on: before another consonant
        // or at the end (y·x·g·s), never before a vowel (the h of `zhang` is no abbreviation).
        if (len <= 2 && INITIALS.has(t) && !VOWEL_START.test(letters[i + len] ?? '')) out[i]?.push({ to: i + len, text: t, kind: 'abbr' });
      }
    }
    return out;
  };

  const baseCost = (e: LexEntry) => lnTotal - Math.log(Math.max(e.weight, 1));

  const childrenByPrefix = (node: Node, prefix: string): Node[] => {
    if (node === root) return rootChildrenByPrefix(prefix);
    node.byPrefix ??= new Map();
    let list = node.byPrefix.get(prefix);
    if (!list) {
      list = [];
      for (const [syl, child] of node.children) if (syl.startsWith(prefix)) list.push(child);
      node.byPrefix.set(prefix, list);
    }
    return list;
  };
  const childOf = (node: Node, syl: string): Node | undefined => (node === root ? rootChild(syl) : node.children.get(syl));

  /** Every dictionary match starting at `from`, by walking the trie along the lattice. */
  const matchesFrom = (edges: Edge[][], from: number, sink: (m: Match) => void) => {
    const walk = (node: Node, pos: number, penalty: number, exact: boolean, abbreviated: boolean, depth: number) => {
      for (const edge of edges[pos] ?? []) {
        const step = edge.kind === 'full' ? 0 : edge.kind === 'abbr' ? ABBREV_COST : PARTIAL_COST;
        const isExact = exact && edge.kind === 'full';
        const isAbbr = abbreviated || edge.kind === 'abbr';
        const visit = (c: Node) => {
          for (const e of c.entries)
            sink({ entry: e, from, to: edge.to, cost: baseCost(e) + penalty + step, exact: isExact, abbreviated: isAbbr });
          if (depth < MAX_WORD_SYLLABLES && edge.to < edges.length) walk(c, edge.to, penalty + step, isExact, isAbbr, depth + 1);
        };
        if (edge.kind === 'full') {
          const c = childOf(node, edge.text);
          if (c) visit(c);
        } else for (const c of childrenByPrefix(node, edge.text)) visit(c);
      }
    };
    walk(root, from, 0, true, false, 1);
  };

  /** Extra phrases that a path through the lattice from 0 to the end of the buffer begins. */
  const completions = (edges: Edge[][], n: number, sink: (e: LexEntry, cost: number) => void) => {
    const seen = new Set<LexEntry>();
    const below = (node: Node, cost: number) => {
      for (const e of node.entries) {
        if (!seen.has(e)) {
          seen.add(e);
          sink(e, cost);
        }
      }
      for (const c of node.children.values()) below(c, cost);
    };
    const walk = (node: Node, pos: number, penalty: number) => {
      for (const edge of edges[pos] ?? []) {
        const step = edge.kind === 'full' ? 0 : edge.kind === 'abbr' ? ABBREV_COST : PARTIAL_COST;
        const next =
          edge.kind === 'full'
            ? [node.children.get(edge.text)].filter((c) => c !== undefined)
            : [...node.children].filter(([syl]) => syl.startsWith(edge.text)).map(([, c]) => c);
        for (const c of next) {
          if (edge.to === n) below(c, penalty + step);
          else walk(c, edge.to, penalty + step);
        }
      }
    };
    if (phraseRoot.children.size > 0) walk(phraseRoot, 0, 0);
  };

  const lookup = (raw: string, ctx: ImeContext, limit: number): Candidate[] => {
    const letters = raw.toLowerCase().replace(/[^a-z]/g, '');
    const n = letters.length;
    if (n === 0) return [];
    const edges = lattice(letters);
    const tail = codePoints(ctx.before).slice(-3);
    const atSurname = ctx.field === 'name' && ctx.before.trim() === '';
    const givenName = (e: LexEntry) => ctx.field === 'name' && e.syl.length === 1 && GIVEN_NAME_CHARS.includes(e.word);
    const adjust = (m: Match): number => {
      const e = m.entry;
      let c = m.cost;
      if (m.from === 0 && atSurname) {
        // At the start of a name, surnames come first, in rank order: the 100 most common by how many
        // people bear them, then the rest in 百家姓 order (席 and 奚 before the rare 系 and 喜).
        if (e.surnameRank > 0) c = c - baseCost(e) + SURNAME_RANK_COST * Math.log(e.surnameRank);
      } else if (givenName(e)) c -= GIVEN_BONUS;
      if (m.from === 0 && !atSurname && tail.length > 0) {
        // Words that continue what is already in the field: 饮 after 餐, 限 after 有. The candidate's
        // probability mixes how often the field's last characters go on to make (or begin) a word with it
        // and how common it is alone: P = λ·P(word | before) + (1 − λ)·P(candidate).
        for (let k = Math.min(3, tail.length); k >= 1; k--) {
          const before = tail.slice(-k).join('');
          const hit = contextWeight(before + e.word);
          const joined = Math.max(hit.word, hit.prefix * CONTEXT_PREFIX_SHARE);
          const given = k === 1 ? (charWeight.get(before) ?? 0) : contextWeight(before).word;
          if (joined > 0 && given > 0) {
            const p = CONTEXT_WEIGHT * Math.min(1, joined / given) + (1 - CONTEXT_WEIGHT) * Math.exp(-baseCost(e));
            c = c - baseCost(e) - Math.log(p);
            break;
          }
        }
      }
      if (ctx.field === 'address' && e.isPlace) c -= PLACE_BONUS;
      if (ctx.field === 'search' && e.isPhrase) c -= PHRASE_BONUS;
      return c;
    };

    // Viterbi over letter positions: the cheapest chain of words covering the buffer.
    const best: Array<{ cost: number; prev: Match | null }> = Array.from({ length: n + 1 }, () => ({ cost: Infinity, prev: null }));
    best[0] = { cost: 0, prev: null };
    const firstMatches: Match[] = [];
    for (let i = 0; i < n; i++) {
      const here = best[i]?.cost ?? Infinity;
      if (!Number.isFinite(here)) continue;
      matchesFrom(edges, i, (m) => {
        const cost = adjust(m);
        if (i === 0) firstMatches.push({ ...m, cost });
        // An initial alone is too weak to stand for a character in a sentence (是发展 for sfz).
        if (m.abbreviated && m.entry.syl.length === 1) return;
        const slot = best[m.to];
        if (slot && here + cost < slot.cost) {
          slot.cost = here + cost;
          slot.prev = m;
        }
      });
    }

    const out: Candidate[] = [];
    const seen = new Set<string>();
    const push = (text: string, consumed: number, kind: Candidate['kind']) => {
      const key = `${text}\u0000${consumed}`;
      if (seen.has(key) || out.length >= limit) return;
      seen.add(key);
      out.push({ text, consumed, kind });
    };

    const chain: Match[] = [];
    for (let m = best[n]?.prev ?? null; m; m = best[m.from]?.prev ?? null) {
      chain.unshift(m);
      if (m.from === 0) break;
    }
    const sentence = chain.length > 1 && chain[0]?.from === 0 ? chain.map((m) => m.entry.word).join('') : null;
    // A sentence of words typed in full leads; one that guesses words from initials follows the words
    // that match the whole buffer.
    const sentenceLeads = sentence !== null && chain.every((m) => !m.abbreviated) && ctx.field !== 'search';
    if (sentence && sentenceLeads) push(sentence, n, 'sentence');

    // Which positions can still reach the end of the buffer, so a candidate covering the start leaves
    // something typeable behind.
    const reachesEnd: boolean[] = Array.from({ length: n + 1 }, (_, i) => i === n);
    for (let i = n - 1; i >= 0; i--) reachesEnd[i] = (edges[i] ?? []).some((e) => reachesEnd[e.to]);

    const byCost = (a: Match, b: Match) => a.cost - b.cost;
    const byLength = (a: Match, b: Match) => b.to - a.to || byCost(a, b);
    const kindOf = (m: Match): Candidate['kind'] => (m.entry.syl.length > 1 ? 'word' : 'char');
    // What covers the whole buffer typed in full, then what needs an initial or an unfinished syllable;
    // then what covers its start, typed in full (品格 is no reading of the start of `pingan`); then, if
    // the buffer starts with an initial, the characters it may stand for.
    const whole = firstMatches.filter((m) => m.to === n).sort(byCost);
    if (ctx.field === 'search') {
      // Matter names completed from their start, merged with what the buffer spells out, by cost.
      const more: Match[] = [];
      completions(edges, n, (e, penalty) =>
        more.push({
          entry: e,
          from: 0,
          to: n,
          cost: baseCost(e) + penalty + COMPLETION_COST - PHRASE_BONUS,
          exact: false,
          abbreviated: true,
        }),
      );
      for (const m of [...whole, ...more].sort(byCost)) push(m.entry.word, n, kindOf(m));
    }
    for (const m of whole) if (m.exact) push(m.entry.word, n, kindOf(m));
    for (const m of whole) if (!m.exact) push(m.entry.word, n, kindOf(m));
    if (sentence) push(sentence, n, 'sentence');
    const starts = firstMatches.filter((m) => m.to < n && m.exact && reachesEnd[m.to]);
    for (const m of starts.filter((x) => x.entry.syl.length > 1).sort(byLength)) push(m.entry.word, m.to, 'word');
    for (const m of starts.filter((x) => x.entry.syl.length === 1).sort(byLength)) push(m.entry.word, m.to, 'char');
    const guesses = firstMatches.filter((m) => m.to < n && !m.exact && m.entry.syl.length === 1 && reachesEnd[m.to]);
    for (const m of guesses.sort(byLength)) push(m.entry.word, m.to, 'char');
    return out;
  };

  const pending = [...syllables];
  return {
    syllables,
    prepare(budgetMs, now) {
      const until = now() + budgetMs;
      while (pending.length > 0 && now() < until) materialize(pending.pop() as string);
      return pending.length === 0;
    },
    withPhrases(phrases) {
      const more: LexEntry[] = phrases
        .filter((p) => p.syl.length > 0 && p.syl.length === codePoints(p.word).length && p.syl.every((x) => syllables.has(x)))
        .map((p) => ({ word: p.word, syl: p.syl, weight: PHRASE_WEIGHT, isPlace: false, surnameRank: 0, isPhrase: true }));
      return createEngine(lexicon, [...extra, ...more]);
    },
    candidates(raw, ctx = { field: 'text', before: '' }, limit = 200) {
      const out = lookup(raw, ctx, limit);
      const recent = ctx.recent ?? [];
      const top = out[0];
      // Not in names: a person's name is no dictionary word (王 then yang must not become 汪洋).
      if (!top || recent.length === 0 || ctx.field === 'name') return out;
      // A word typed one syllable at a time: if the last one or two syllables committed and the buffer
      // together spell a dictionary word that differs from what the field would get, offer it first.
      for (let k = Math.min(2, recent.length); k >= 1; k--) {
        const tail = recent.slice(-k);
        const tailText = tail.map((r) => r.text).join('');
        if (!ctx.before.endsWith(tailText)) continue;
        const joined = tail.map((r) => r.letters).join('') + raw;
        const rest = ctx.before.slice(0, ctx.before.length - tailText.length);
        const best = lookup(joined, { field: ctx.field, before: rest }, 1)[0];
        if (best && best.kind === 'word' && best.consumed === joined.length && best.text !== tailText + top.text) {
          const mended: Candidate = { text: best.text, consumed: raw.length, kind: 'word', replaces: k };
          return [mended, ...out].slice(0, limit);
        }
      }
      return out;
    },
  };
}
