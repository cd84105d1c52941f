/**
 * Wraps text to a printer's columns by printed width (ASCII 1 column, Chinese 2), so the printer never
 * wraps on its own in the middle of a character pair or a word. Basic Chinese line-breaking rules (禁则):
 * closing punctuation never starts a line and opening punctuation never ends one. ASCII words (URLs,
 * phone numbers, ticket numbers) are kept whole unless longer than a line.
 */
import { displayWidth, printableText } from './escpos/gb18030.ts';

const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕”’…—·%,.;:?!)]}']);
const NO_LINE_END = new Set([...'（《「『【〔“‘([{']);

interface Token {
  text: string;
  width: number;
  kind: 'word' | 'space' | 'char';
}

function tokenize(s: string): Token[] {
  const tokens: Token[] = [];
  let word = '';
  const flushWord = () => {
    if (word !== '') tokens.push({ text: word, width: word.length, kind: 'word' });
    word = '';
  };
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === ' ' || ch === '\u3000') {
      // ASCII and ideographic spaces are break opportunities and are dropped at line ends.
      flushWord();
      tokens.push({ text: ch, width: ch === ' ' ? 1 : 2, kind: 'space' });
    } else if (cp < 0x80 && !NO_LINE_START.has(ch) && !NO_LINE_END.has(ch)) {
      word += ch;
    } else {
      flushWord();
      tokens.push({ text: ch, width: displayWidth(ch), kind: 'char' });
    }
  }
  flushWord();
  return tokens;
}

export interface WrapOptions {
  /** Spaces before every line after the first (hanging indent for list items). */
  indent?: number;
  /**
   * Even out line lengths (for centred titles): uses the narrowest width that still needs no more lines,
   * so a hall name wraps as 政务服务 / 中心大厅 rather than leaving one character on the last line.
   */
  balance?: boolean;
}

/** Splits text into lines of at most `columns` printed columns. Newlines in the text start new lines. */
export function wrapText(text: string, columns: number, opts: WrapOptions = {}): string[] {
  const greedy = wrapGreedy(text, columns, opts.indent ?? 0);
  if (!opts.balance || greedy.length < 2) return greedy;
  const total = displayWidth(printableText(text));
  for (let w = Math.max(2, Math.ceil(total / greedy.length)); w < columns; w++) {
    const lines = wrapGreedy(text, w, opts.indent ?? 0);
    if (lines.length <= greedy.length) return lines;
  }
  return greedy;
}

function wrapGreedy(text: string, columns: number, indentCols: number): string[] {
  const cols = Math.max(2, Math.floor(columns));
  const indent = Math.min(Math.max(0, Math.floor(indentCols)), cols - 2);
  const out: string[] = [];
  for (const para of text.split(/\r\n|\r|\n/)) {
    const tokens = tokenize(printableText(para).trimEnd());
    if (tokens.length === 0) {
      out.push('');
      continue;
    }
    let line: Token[] = [];
    let width = 0;
    let first = true;
    const limit = () => (first ? cols : cols - indent);
    const emit = () => {
      while (line.length > 0 && line[line.length - 1]?.kind === 'space') line.pop();
      out.push((first ? '' : ' '.repeat(indent)) + line.map((t) => t.text).join(''));
      first = false;
      line = [];
      width = 0;
    };
    for (const tok of tokens) {
      if (tok.kind === 'space' && line.length === 0 && !first) continue;
      if (width + tok.width <= limit()) {
        line.push(tok);
        width += tok.width;
        continue;
      }
      if (tok.kind === 'space') {
        emit();
        continue;
      }
      if (tok.kind === 'word' && tok.width > cols - indent) {
        // Longer than any continuation line: fill the current line with its head, then go on.
        let rest = tok.text;
        while (rest.length > 0) {
          const room = limit() - width;
          if (room <= 0) {
            emit();
            continue;
          }
          const part = rest.slice(0, room);
          line.push({ text: part, width: part.length, kind: 'word' });
          width += part.length;
          rest = rest.slice(room);
        }
        continue;
      }
      // Break before tok, applying the line-breaking rules.
      const carry: Token[] = [];
      if (tok.kind === 'char' && NO_LINE_START.has(tok.text)) {
        const prev = line[line.length - 1];
        if (prev && prev.kind === 'char' && line.length > 1) carry.unshift(line.pop() as Token);
      }
      // A number stays with the measure word after it (1份, 3人, 20个工作日).
      const nextTok = carry[0] ?? tok;
      const prevTok = line[line.length - 1];
      if (nextTok.kind === 'char' && prevTok?.kind === 'word' && /^\d+$/.test(prevTok.text) && line.length > 1) {
        carry.unshift(line.pop() as Token);
      }
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]?.text ?? '')) carry.unshift(line.pop() as Token);
      const carryWidth = carry.reduce((a, t) => a + t.width, 0);
      if (carryWidth + tok.width > cols - indent) {
        // The rules cannot be kept without overflowing: keep the line intact instead.
        line.push(...carry);
        carry.length = 0;
      }
      emit();
      for (const t of carry) {
        line.push(t);
        width += t.width;
      }
      line.push(tok);
      width += tok.width;
    }
    if (line.length > 0 || first) emit();
  }
  return out;
}
