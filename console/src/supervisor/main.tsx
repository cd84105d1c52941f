import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui';
import '@hall/ui/src/theme.css';
import '../shared/console.css';
import './supervisor.css';
import { supervisorResources } from './i18n.ts';
import { SupervisorApp } from './SupervisorApp.tsx';

initI18n(supervisorResources);
createRoot(document.getElementById('root') as HTMLElement).render(<SupervisorApp />);
