/**
 * 一表申请: the citizen's form, filled once per visit and reused by every matter of it (a bundle's matters
 * share one ticket, one form). Personal data: it lives only in this store, never in localStorage, never in
 * logs, and `wipe()` clears it when the session ends (done, home, idle timeout).
 */
import { useSyncExternalStore } from 'react';
import type { FormField, IdKind, TicketForm } from '@hall/contract';
// The privacy helpers alone: importing the contract's index would pull zod into the kiosk bundle.
import { checkResidentId, ID_CHECK_MESSAGES, isMobilePhone } from '@hall/contract/src/privacy.ts';

export interface FormData {
  name: string;
  idKind: IdKind;
  idNumber: string;
  phone: string;
  address: string;
  fields: Record<string, string>;
  /** Filled from an ID-card reader (the number is then not editable by hand). */
  fromCard: boolean;
}

export const EMPTY_FORM: FormData = { name: '', idKind: 'resident_id', idNumber: '', phone: '', address: '', fields: {}, fromCard: false };

let state: FormData = EMPTY_FORM;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

export const formStore = {
  get: (): FormData => state,
  set(patch: Partial<FormData>): void {
    state = { ...state, ...patch };
    emit();
  },
  setField(key: string, value: string): void {
    state = { ...state, fields: { ...state.fields, [key]: value } };
    emit();
  },
  /** Forgets everything the citizen entered. */
  wipe(): void {
    state = EMPTY_FORM;
    emit();
  },
  isEmpty(): boolean {
    const s = state;
    return (
      s.name === '' &&
      s.idNumber === '' &&
      s.phone === '' &&
      s.address === '' &&
      Object.values(s.fields).every((v) => v === '') &&
      s.idKind === 'resident_id'
    );
  },
  subscribe(cb: () => void): () => void {
    listeners.add(cb);
    return () => listeners.delete(cb);
  },
};

export function useForm(): FormData {
  return useSyncExternalStore(formStore.subscribe, formStore.get);
}

/** Every matter-specific field of the matters, each key once (the first matter's label wins). */
export function unionFields(fieldLists: ReadonlyArray<readonly FormField[]>): FormField[] {
  const seen = new Set<string>();
  const out: FormField[] = [];
  for (const list of fieldLists)
    for (const f of list)
      if (!seen.has(f.key)) {
        seen.add(f.key);
        out.push(f);
      }
  return out;
}

export type FormErrorKey = 'idNumber' | 'phone' | 'name' | `field.${string}`;
/** A validation message: an i18n key plus, for ID numbers, the contract's bilingual reason text. */
export interface FormError {
  key: string;
  text?: string;
}

/** Browser-side check before anything is sent. `today` (YYYY-MM-DD) rejects birth dates in the future. */
export function validateForm(f: FormData, fields: readonly FormField[], today?: string): Partial<Record<FormErrorKey, FormError>> {
  const errors: Partial<Record<FormErrorKey, FormError>> = {};
  if (f.idKind === 'resident_id') {
    if (f.idNumber.trim() === '') errors.idNumber = { key: 'form.error.idRequired' };
    else {
      const c = checkResidentId(f.idNumber, today);
      if (!c.ok) errors.idNumber = { key: `form.error.id.${c.reason}`, text: ID_CHECK_MESSAGES[c.reason] };
    }
  } else if (f.idKind !== 'none' && f.idNumber.trim() === '') {
    errors.idNumber = { key: 'form.error.docRequired' };
  }
  if (f.phone.trim() !== '' && !isMobilePhone(f.phone)) errors.phone = { key: 'form.error.phone' };
  for (const field of fields) {
    const v = (f.fields[field.key] ?? '').trim();
    if (field.required && v === '') errors[`field.${field.key}`] = { key: 'form.error.required' };
    else if (field.type === 'number' && v !== '' && !/^\d+(\.\d+)?$/.test(v)) errors[`field.${field.key}`] = { key: 'form.error.number' };
  }
  return errors;
}

/** The `form` of `POST /tickets`: only what was filled, trimmed; no ID number when there is no document. */
export function toTicketForm(f: FormData, fields: readonly FormField[]): TicketForm {
  const out: TicketForm = { idKind: f.idKind, fields: {} };
  if (f.name.trim()) out.name = f.name.trim();
  if (f.idKind !== 'none' && f.idNumber.trim()) out.idNumber = f.idNumber.trim().toUpperCase();
  if (f.phone.trim()) out.phone = f.phone.replace(/\s+/g, '');
  if (f.address.trim()) out.address = f.address.trim();
  for (const field of fields) {
    const v = (f.fields[field.key] ?? '').trim();
    if (v !== '') out.fields[field.key] = v.slice(0, field.maxLength);
  }
  return out;
}
