/**
 * Alert texts by code: the hall stores an alert's code and parameters (and a Chinese `message` for older
 * readers), and each console words it in its own language. An alert without a code (raised before codes
 * existed, or by a module that words its own) is shown by its stored message.
 */
import type { WaitLang } from './wait-text.ts';

export const ALERT_CODES = [
  'WAIT_NO_WINDOW',
  'WAIT_AFTER_CLOSE',
  'WAIT_PREDICTED',
  'WAIT_LONGEST',
  'LONG_PAUSE',
  'STORAGE_DOWN',
  'CONFIG_REFUSED',
] as const;
export type AlertCode = (typeof ALERT_CODES)[number];
export type AlertParams = Record<string, string | number>;

/** Templates: `{name}` is replaced by the parameter (`{category}` by `categoryEn` in English when given). */
export const ALERT_TEXTS: Record<AlertCode, { zh: string; en: string }> = {
  WAIT_NO_WINDOW: {
    zh: '{category}无开放窗口办理，{waiting} 人等候（最长已等候 {longest} 分钟，阈值 {threshold} 分钟）',
    en: 'No open window serves {category}: {waiting} waiting (longest {longest} min, threshold {threshold} min)',
  },
  WAIT_AFTER_CLOSE: {
    zh: '{category}排队 {waiting} 人，新取号今日下班前可能叫不到（服务窗口 {windows} 个，最长已等候 {longest} 分钟）',
    en: '{category}: {waiting} waiting, a new ticket will probably not be called before closing ({windows} windows serving, longest wait {longest} min)',
  },
  WAIT_PREDICTED: {
    zh: '{category}预计等候 {wait}，超过阈值 {threshold} 分钟（排队 {waiting} 人，服务窗口 {windows} 个）',
    en: '{category}: predicted wait {wait}, over the {threshold}-min threshold ({waiting} waiting, {windows} windows serving)',
  },
  WAIT_LONGEST: {
    zh: '{category}最长已等候 {longest} 分钟，超过阈值 {threshold} 分钟（排队 {waiting} 人，服务窗口 {windows} 个）',
    en: '{category}: longest wait {longest} min, over the {threshold}-min threshold ({waiting} waiting, {windows} windows serving)',
  },
  LONG_PAUSE: {
    zh: '{window}{staff}已暂停 {minutes} 分钟，超过 {limit} 分钟{reason}',
    en: '{window}{staff} has been paused {minutes} min, over {limit} min{reason}',
  },
  STORAGE_DOWN: {
    zh: '数据库无法写入：新的取号和叫号可能失败，请立即联系技术支持',
    en: 'The database cannot be written: new tickets and calls may fail. Contact technical support now.',
  },
  CONFIG_REFUSED: {
    zh: '上级下发的配置（版本 {version}）未通过校验，未作任何更改：{reason}',
    en: 'Published configuration v{version} was refused and nothing was changed: {reason}',
  },
};

/** Parameters worded per language: `wait` is a range in minutes given as waitLow/waitHigh. */
function param(params: AlertParams, key: string, lang: WaitLang): string {
  if (key === 'wait') {
    const lo = Number(params.waitLow ?? params.wait ?? 0);
    const hi = Number(params.waitHigh ?? params.wait ?? lo);
    if (lang === 'en') return lo === hi ? `${lo} min` : `${lo}–${hi} min`;
    return lo === hi ? `${lo} 分钟` : `${lo}–${hi} 分钟`;
  }
  if (lang === 'en') {
    const en = params[`${key}En`];
    if (en !== undefined && en !== '') return String(en);
    if (key === 'staff') return params.staff ? ` (${params.staff})` : '';
    if (key === 'reason') return params.reason ? ` (reason: ${params.reason})` : '';
  } else {
    if (key === 'staff') return params.staff ? `（${params.staff}）` : '';
    if (key === 'reason') return params.reason ? `（原因：${params.reason}）` : '';
  }
  const v = params[key];
  return v === undefined ? '' : String(v);
}

export function isAlertCode(code: unknown): code is AlertCode {
  return typeof code === 'string' && (ALERT_CODES as readonly string[]).includes(code);
}

/** An alert's words in `lang`: from its code and parameters, else its stored message. */
export function alertText(alert: { message: string; code?: string | null; params?: AlertParams | null }, lang: WaitLang = 'zh'): string {
  if (!isAlertCode(alert.code)) return alert.message;
  const params = alert.params ?? {};
  return ALERT_TEXTS[alert.code][lang].replace(/\{(\w+)\}/g, (_, k: string) => param(params, k, lang));
}
