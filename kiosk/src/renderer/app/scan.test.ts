import { describe, expect, it } from 'vitest';
import { classifyScan } from './scan.ts';

describe('classifyScan()', () => {
  it('reads the token out of a scanned ticket URL', () => {
    expect(classifyScan('http://192.168.1.10:8080/t/AbC_123-xyz4567890')).toEqual({ kind: 'ticket-token', token: 'AbC_123-xyz4567890' });
    expect(classifyScan('  https://hall.example/t/abcdefghijkl?x=1 ')).toEqual({ kind: 'ticket-token', token: 'abcdefghijkl' });
  });
  it('recognises a resident ID number typed by a card reader, upper-casing the X', () => {
    expect(classifyScan('11010519491231002x')).toEqual({ kind: 'resident-id', idNumber: '11010519491231002X' });
  });
  it('tells ticket numbers from booking codes', () => {
    expect(classifyScan('a012')).toEqual({ kind: 'ticket-number', number: 'A012' });
    expect(classifyScan('112101')).toEqual({ kind: 'code', code: '112101' });
    expect(classifyScan('YY-2026-7')).toEqual({ kind: 'code', code: 'YY-2026-7' });
  });
  it('rejects anything else', () => {
    expect(classifyScan('hello world')).toEqual({ kind: 'unknown' });
    expect(classifyScan('')).toEqual({ kind: 'unknown' });
  });
});
