import { describe, expect, it } from 'vitest';
import { ERRORS, errorMessage, errorText } from './errors.ts';

describe('failure words', () => {
  it('every code has Chinese and English words, with the same parameters in both', () => {
    for (const [code, e] of Object.entries(ERRORS)) {
      expect(e.zh.trim(), code).not.toBe('');
      expect(e.en.trim(), code).not.toBe('');
      const names = (t: string) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(e.zh), code).toEqual(names(e.en));
    }
  });

  it('fills parameters, naming code values in the reader’s language', () => {
    expect(errorText('ILLEGAL_TRANSITION', { status: 'done', action: 'recall' }, 'zh')).toBe('号票处于「已办结」状态，不能执行「重呼」');
    expect(errorText('ILLEGAL_TRANSITION', { status: 'done', action: 'recall' }, 'en')).toBe('Cannot recall a ticket that is finished');
    expect(errorText('WINDOW_BUSY', { number: 'A012' }, 'en')).toBe('The window is serving A012; finish it first');
    expect(errorMessage('RECALL_LIMIT', { max: 2 })).toBe('已达到重呼次数上限（2 次） / Recall limit reached (2)');
  });

  it('an unknown code (a newer server) still gets words', () => {
    expect(errorText('SOMETHING_NEW', undefined, 'zh')).toBe('服务器内部错误');
  });
});
