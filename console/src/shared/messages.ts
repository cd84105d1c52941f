/**
 * Server messages arrive bilingual, `中文 / English` (contract/src/errors.ts). Consoles show the half that
 * matches the UI language; a message without the separator is shown whole.
 */
export function localMessage(message: string, lang: string): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang.startsWith('en') ? message.slice(i + 3).trim() : message.slice(0, i).trim();
}
