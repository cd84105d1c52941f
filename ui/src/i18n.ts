/**
 * i18next set-up shared by every page: Simplified Chinese first, English second. Each app passes its own
 * resources; user-facing text is a key (R18), never a raw string in components.
 */
import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Lang = 'zh' | 'en';

export function initI18n(resources: Resource, lang: Lang = (localStorage.getItem('hall.lang') as Lang | null) ?? 'zh') {
  void i18n.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  return i18n;
}

export function setLang(lang: Lang): void {
  localStorage.setItem('hall.lang', lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export { i18n };
