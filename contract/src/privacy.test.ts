import { describe, expect, it } from 'vitest';
import { checkResidentId, maskIdNumber, maskName, maskPhone, isMobilePhone } from './privacy.ts';

describe('GB 11643 resident ID check', () => {
  it('accepts a number whose check digit matches (including X)', () => {
    expect(checkResidentId('11010519491231002X')).toMatchObject({ ok: true, birthDate: '1949-12-31', provinceCode: 11 });
    expect(checkResidentId('440524198001010013')).toMatchObject({ ok: true });
  });
  it('says why a number is wrong', () => {
    expect(checkResidentId('11010519491231002')).toEqual({ ok: false, reason: 'length' });
    expect(checkResidentId('1101051949123100AX')).toEqual({ ok: false, reason: 'format' });
    expect(checkResidentId('99010519491231002X')).toEqual({ ok: false, reason: 'region' });
    expect(checkResidentId('110105194913310021')).toEqual({ ok: false, reason: 'birth_date' });
    expect(checkResidentId('110105194912310021')).toEqual({ ok: false, reason: 'checksum' });
  });
  it('refuses a birth date in the future', () => {
    expect(checkResidentId('11010520990101001X', '2026-11-21').ok).toBe(false);
  });
});

describe('masking', () => {
  it('masks names, ID numbers and phones', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(isMobilePhone('13812341234')).toBe(true);
    expect(isMobilePhone('12812341234')).toBe(false);
  });
});
