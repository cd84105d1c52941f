import { createRoot } from 'react-dom/client';
import { initI18n } from '@hall/ui';
import '@hall/ui/src/theme.css';
import './display.css';
import { parseDisplayOptions } from './display-options.ts';
import { HallDisplay } from './HallDisplay.tsx';
import { STRINGS } from './strings.ts';
import { VoiceController } from './voice/voice-controller.ts';

/** `/display`: the hall screen. No token needed; options come from the URL (see display-options.ts). */
const options = parseDisplayOptions(window.location.search);
initI18n(STRINGS, options.lang);
const voice = new VoiceController(options.voice);
void voice.start();

createRoot(document.getElementById('root') as HTMLElement).render(<HallDisplay options={options} voice={voice} />);
