import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui';
import '@hall/ui/src/theme.css';
import './city.css';
import { cityResources } from './i18n.ts';
import { CityApp } from './CityApp.tsx';

initI18n(cityResources);
createRoot(document.getElementById('root') as HTMLElement).render(<CityApp />);
