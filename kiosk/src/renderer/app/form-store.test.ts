import { afterEach, describe, expect, it } from 'vitest';
import type { FormField } from '@hall/contract';
import { EMPTY_FORM, formStore, toTicketForm, unionFields, validateForm, type FormData } from './form-store.ts';

const f = (key: string, extra: Partial<FormField> = {}): FormField => ({
  key,
  label: key,
  type: 'text',
  required: false,
  maxLength: 100,
  ...extra,
});
const form = (patch: Partial<FormData>): FormData => ({ ...EMPTY_FORM, ...patch });

describe('validateForm()', () => {
  it('explains each way a resident ID number can be wrong, with the contract message', () => {
    expect(validateForm(form({ idNumber: '1101051949123100' }), []).idNumber?.key).toBe('form.error.id.length');
    expect(validateForm(form({ idNumber: '11010519491231002A' }), []).idNumber?.key).toBe('form.error.id.format');
    expect(validateForm(form({ idNumber: '99010519491231002X' }), []).idNumber?.key).toBe('form.error.id.region');
    expect(validateForm(form({ idNumber: '110105194913310021' }), []).idNumber?.key).toBe('form.error.id.birth_date');
    const e = validateForm(form({ idNumber: '110105194912310021' }), []).idNumber;
    expect(e?.key).toBe('form.error.id.checksum');
    expect(e?.text).toMatch(/校验位.*check digit/);
    expect(validateForm(form({ idNumber: '11010519491231002X' }), [])).toEqual({});
  });

  it('accepts other documents without the GB 11643 check, and no document at all', () => {
    expect(validateForm(form({ idKind: 'passport', idNumber: 'E12345678' }), [])).toEqual({});
    expect(validateForm(form({ idKind: 'none' }), [])).toEqual({});
    expect(validateForm(form({ idKind: 'passport' }), []).idNumber?.key).toBe('form.error.docRequired');
  });

  it('checks a phone only when given, required and numeric matter fields', () => {
    const fields = [f('companyName', { required: true }), f('capital', { type: 'number' })];
    const e = validateForm(form({ idKind: 'none', phone: '12345', fields: { capital: '12万' } }), fields);
    expect(e.phone?.key).toBe('form.error.phone');
    expect(e['field.companyName']?.key).toBe('form.error.required');
    expect(e['field.capital']?.key).toBe('form.error.number');
    expect(
      validateForm(form({ idKind: 'none', phone: '13812341234', fields: { companyName: '平安餐饮', capital: '12.5' } }), fields),
    ).toEqual({});
  });
});

describe('toTicketForm()', () => {
  it('sends only what was filled, trimmed and capped, and never an ID number without a document', () => {
    const fields = [f('a', { maxLength: 3 }), f('b')];
    expect(
      toTicketForm(
        form({ name: ' 张三 ', idKind: 'none', idNumber: '123', phone: '138 1234 1234', fields: { a: 'abcdef', b: ' ' } }),
        fields,
      ),
    ).toEqual({ name: '张三', idKind: 'none', phone: '13812341234', fields: { a: 'abc' } });
    expect(toTicketForm(form({ idNumber: '11010519491231002x' }), []).idNumber).toBe('11010519491231002X');
  });
});

describe('unionFields()', () => {
  it('keeps each key once, the first matter winning', () => {
    const r = unionFields([
      [f('premisesAddress', { label: '住所' }), f('x')],
      [f('premisesAddress', { label: '经营场所' }), f('y')],
    ]);
    expect(r.map((x) => `${x.key}:${x.label}`)).toEqual(['premisesAddress:住所', 'x:x', 'y:y']);
  });
});

describe('formStore', () => {
  afterEach(() => formStore.wipe());
  it('wipe() forgets everything and notifies subscribers', () => {
    let calls = 0;
    const off = formStore.subscribe(() => {
      calls++;
    });
    formStore.set({ name: '李四', idNumber: '11010519491231002X' });
    formStore.setField('k', 'v');
    expect(formStore.isEmpty()).toBe(false);
    formStore.wipe();
    expect(formStore.get()).toEqual(EMPTY_FORM);
    expect(formStore.isEmpty()).toBe(true);
    expect(calls).toBe(3);
    off();
  });
});
