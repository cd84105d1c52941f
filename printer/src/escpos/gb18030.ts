/**
 * GB18030 text for Chinese thermal printers, limited to what the printers actually have glyphs for.
 *
 * Printers in Chinese mode (FS &) read ASCII as one byte and GBK-range GB18030 as two bytes; their fonts
 * cover only the two-byte area ("GB18030 only supports double bytes 1-5 area", as the SP91 manual
 * puts it). iconv-lite emits four-byte sequences for characters outside GBK
 * (CJK Extension B such as 𠮷, emoji, U+2022 •); a printer prints those as two garbage glyphs and can
 * desynchronise the rest of the line. So every character whose encoding is not 1 or 2 bytes is replaced
 * by REPLACEMENT_CHAR.
 *
 * Replacement choice: '□' (U+25A1, GB18030 A1 F5). It is the customary mark for a missing character
 * in Chinese print (缺字用□), it is two columns wide like the character it replaces (so layouts do not
 * shift), and it is in GB2312, so every Chinese printer has it.
 */
import iconv from 'iconv-lite';

export const REPLACEMENT_CHAR = '□';
const REPLACEMENT_BYTES = [0xa1, 0xf5] as const;

export interface EncodedText {
  bytes: Uint8Array;
  /** How many characters were replaced by REPLACEMENT_CHAR. */
  replaced: number;
  /** Printed width in columns of the normal font: 1 per byte (ASCII 1, Chinese 2). */
  width: number;
}

/** Per-character cache: iconv-lite per character is cheap, but tickets repeat the same few hundred. */
const cache = new Map<string, readonly number[] | null>();

/** The one or two bytes for a character, or null when it must be replaced. Controls yield []. */
export function encodeChar(ch: string): readonly number[] | null {
  const cp = ch.codePointAt(0) ?? 0;
  // Control characters would be read as printer commands (ESC, GS, …): text must never inject them.
  if (cp === 0x09 || cp === 0x0a || cp === 0x0b || cp === 0x0c || cp === 0x0d) return [0x20];
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return [];
  if (cp < 0x80) return [cp];
  // Lone surrogates, private use (printers have no glyphs there) and U+FFFD itself.
  if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xe000 && cp <= 0xf8ff) || cp === 0xfffd || cp > 0xffff) {
    // Astral characters always take four bytes in GB18030; no need to ask iconv.
    return null;
  }
  const hit = cache.get(ch);
  if (hit !== undefined) return hit;
  const enc = iconv.encode(ch, 'gb18030');
  const res = enc.length === 2 ? [enc[0] ?? 0, enc[1] ?? 0] : null;
  cache.set(ch, res);
  return res;
}

/** Encodes text as printer-safe GB18030 (one- and two-byte codes only); never throws. */
export function encodeGb2(text: string): EncodedText {
  const out: number[] = [];
  let replaced = 0;
  for (const ch of text) {
    const b = encodeChar(ch);
    if (b === null) {
      out.push(...REPLACEMENT_BYTES);
      replaced++;
    } else {
      out.push(...b);
    }
  }
  return { bytes: Uint8Array.from(out), replaced, width: out.length };
}

/** The text as it will appear on paper: controls removed, unsupported characters replaced. */
export function printableText(text: string): string {
  let s = '';
  for (const ch of text) {
    const b = encodeChar(ch);
    if (b === null) s += REPLACEMENT_CHAR;
    else if (b.length === 1) s += String.fromCharCode(b[0] ?? 0x20);
    else if (b.length === 2) s += ch;
  }
  return s;
}

/** Printed width in normal-font columns (CJK and other two-byte characters = 2, ASCII = 1). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const b = encodeChar(ch);
    w += b === null ? 2 : b.length;
  }
  return w;
}

/** Decodes a two-byte GB18030 code (lead 0x81–0xFE, trail 0x40–0xFE except 0x7F); U+FFFD if unmapped. */
export function decodeGbPair(lead: number, trail: number): string {
  const s = iconv.decode(Buffer.from([lead, trail]), 'gb18030');
  return s.length === 1 ? s : '\ufffd';
}

/** Decodes a four-byte GB18030 sequence (best effort, for the decoder's warnings path). */
export function decodeGbQuad(b: readonly number[]): string {
  return iconv.decode(Buffer.from(b), 'gb18030');
}
