/** 个人信息保护法 helpers shared by every deployable: masking and the GB 11643 ID check. */

/** 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** Shows at most the last 4 characters. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 4) return '*'.repeat(s.length);
  return `${'*'.repeat(s.length - 4)}${s.slice(-4)}`;
}

/** 13812341234 → 138****1234. */
export function maskPhone(phone: string): string {
  const s = phone.replace(/\s+/g, '');
  if (s.length < 7) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** GB/T 2260 province-level codes. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83, 91,
]);

export type IdCheck =
  { ok: true; birthDate: string; provinceCode: number } | { ok: false; reason: 'length' | 'format' | 'region' | 'birth_date' | 'checksum' };

/** Checks an 18-digit 居民身份证 number (GB 11643): format, province, birth date and check digit. */
export function checkResidentId(raw: string, today?: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'format' };
  const province = Number(id.slice(0, 2));
  if (!PROVINCES.has(province)) return { ok: false, reason: 'region' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, reason: 'birth_date' };
  if (today !== undefined && birth > today) return { ok: false, reason: 'birth_date' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (WEIGHTS[i] ?? 0);
  if (CHECK[sum % 11] !== id[17]) return { ok: false, reason: 'checksum' };
  return { ok: true, birthDate: birth, provinceCode: province };
}

export const ID_CHECK_MESSAGES: Record<Exclude<IdCheck, { ok: true }>['reason'], string> = {
  length: '身份证号码应为 18 位 / An ID number has 18 characters',
  format: '身份证号码只能是数字，最后一位可以是 X / Digits only, the last may be X',
  region: '身份证号码的地区码不正确 / The region code is not valid',
  birth_date: '身份证号码中的出生日期不正确 / The birth date in the number is not valid',
  checksum: '身份证号码校验位不正确，请核对 / The check digit does not match; please check the number',
};

/** Mobile numbers in mainland China: 11 digits starting 1[3-9]. */
export function isMobilePhone(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s.replace(/\s+/g, ''));
}
