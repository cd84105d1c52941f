import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui';
import '@hall/ui/src/theme.css';
import '../shared/console.css';
import './counter.css';
import { counterResources } from './i18n.ts';
import { CounterApp } from './CounterApp.tsx';

initI18n(counterResources);
createRoot(document.getElementById('root') as HTMLElement).render(<CounterApp />);
