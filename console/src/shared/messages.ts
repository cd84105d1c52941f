/**
 * Server messages arrive bilingual, `中文 / English` (contract/src/errors.ts). Consoles show the half that
 * matches the UI language; a message without the separator is shown whole.
 */
export function localMessage(message: string, lang: string): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang.startsWith('en') ? message.slice(i + 3).trim() : message.slice(0, i).trim();
}

const STATUS_ZH: Record<string, string> = {
  waiting: '等候中',
  called: '已呼叫',
  serving: '办理中',
  suspended: '已挂起',
  done: '已办结',
  no_show: '已过号',
  cancelled: '已作废',
};
const ACTION_ZH: Record<string, string> = {
  call: '呼叫',
  recall: '重呼',
  start: '开始办理',
  finish: '办结',
  'no-show': '过号',
  suspend: '挂起',
  resume: '恢复办理',
  transfer: '转移',
  requeue: '重新排队',
  cancel: '作废',
};

/**
 * The server names ticket states and actions by their codes inside 「」 (e.g. `不能从「done」执行「call」`);
 * the Chinese UI shows their Chinese names. Everything else is left as the server wrote it.
 */
export function humanizeMessage(message: string, lang: string): string {
  const text = localMessage(message, lang);
  if (lang.startsWith('en')) return text;
  return text.replace(/「([a-z_-]+)」/g, (m, code: string) => {
    const name = STATUS_ZH[code] ?? ACTION_ZH[code];
    return name ? `「${name}」` : m;
  });
}
