import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeGbPair, displayWidth, encodeGb2, printableText, REPLACEMENT_CHAR } from './gb18030.ts';

describe('GB18030 two-byte guard', () => {
  it('verifies with iconv-lite that the rare name characters 堃 and 喆 are two-byte GBK codes', () => {
    expect(Array.from(iconv.encode('堃', 'gb18030'))).toEqual([0x88, 0xd2]);
    expect(Array.from(iconv.encode('喆', 'gb18030'))).toEqual([0x86, 0xb4]);
    expect(encodeGb2('王堃喆').replaced).toBe(0);
  });

  it("verifies that 𠮷, 𠀀, 㐀, emoji and • are four-byte codes and become '□'", () => {
    for (const ch of ['𠮷', '𠀀', '㐀', '😀', '•']) {
      expect(iconv.encode(ch, 'gb18030').length, ch).toBe(4);
      expect(printableText(ch), ch).toBe(REPLACEMENT_CHAR);
    }
    expect(encodeGb2('吉𠮷').replaced).toBe(1);
  });

  it("uses '□' (A1 F5) as the replacement, itself a two-byte code every printer has", () => {
    expect(REPLACEMENT_CHAR).toBe('□');
    expect(Array.from(iconv.encode(REPLACEMENT_CHAR, 'gb18030'))).toEqual([0xa1, 0xf5]);
  });

  it('replaces lone surrogates and private-use characters', () => {
    expect(printableText('a\ud800b\ue000c')).toBe('a□b□c');
  });

  it('measures width as printed columns: ASCII 1, Chinese 2, replaced 2, controls 0', () => {
    expect(displayWidth('A012')).toBe(4);
    expect(displayWidth('5号窗口')).toBe(7);
    expect(displayWidth('𠮷')).toBe(2);
    expect(displayWidth('a\x1bb')).toBe(2);
  });

  it('decodes two-byte pairs back', () => {
    expect(decodeGbPair(0xba, 0xc5)).toBe('号');
    expect(decodeGbPair(0x88, 0xd2)).toBe('堃');
  });
});
