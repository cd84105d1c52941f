import { createRoot } from 'react-dom/client';
import '@hall/ui/src/theme.css';

createRoot(document.getElementById('root') as HTMLElement).render(<p>建设中 / Under construction</p>);
