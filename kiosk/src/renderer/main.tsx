/** Entry of the kiosk page (`/kiosk`): i18n, parameters, app. The same bundle runs in Electron and a browser. */
import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui';
import '@hall/ui/src/theme.css';
import './styles/kiosk.css';
import { App } from './App.tsx';
import { readParams } from './app/params.ts';
import { resources } from './i18n/resources.ts';

// A kiosk always starts in Chinese; the toggle is per session.
initI18n(resources, 'zh');
createRoot(document.getElementById('root') as HTMLElement).render(<App params={readParams(location.search)} />);
