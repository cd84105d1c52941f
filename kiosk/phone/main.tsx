/** Entry of the phone page `/t/<token>` (ticket QR code): queue progress, then the 好差评 form. */
import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui/src/i18n.ts';
import '@hall/ui/src/theme.css';
import './phone.css';
import { phoneResources } from './i18n.ts';
import { PhoneApp, tokenFromPath } from './PhoneApp.tsx';

initI18n(phoneResources);
createRoot(document.getElementById('root') as HTMLElement).render(<PhoneApp token={tokenFromPath(window.location.pathname)} />);
