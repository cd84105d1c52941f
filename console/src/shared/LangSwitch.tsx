/** 中文 / EN switch for a console header (i18next via @hall/ui). */
import { setLang } from '@hall/ui';
import { useTranslation } from 'react-i18next';

export function LangSwitch({ className = '' }: { className?: string }) {
  const { i18n } = useTranslation();
  const isZh = !i18n.language.startsWith('en');
  return (
    <div className={`cs-lang ${className}`} role="group" aria-label="Language">
      <button type="button" className={isZh ? 'is-on' : ''} onClick={() => setLang('zh')} data-testid="lang-zh">
        中文
      </button>
      <button type="button" className={!isZh ? 'is-on' : ''} onClick={() => setLang('en')} data-testid="lang-en">
        EN
      </button>
    </div>
  );
}
