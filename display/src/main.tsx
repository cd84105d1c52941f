import { createRoot } from 'react-dom/client';
import { deviceToken, initI18n, pairWithCode } from '@hall/ui';
import '@hall/ui/src/theme.css';
import './display.css';
import { parseDisplayOptions } from './display-options.ts';
import { HallDisplay } from './HallDisplay.tsx';
import { PairingScreen } from './PairingScreen.tsx';
import { STRINGS } from './strings.ts';
import { VoiceController } from './voice/voice-controller.ts';

/**
 * `/display`: the hall screen; options come from the URL (see display-options.ts). It needs a display
 * device token: `?pair=CODE` exchanges an admin's pairing code once (then the token is kept in
 * localStorage), and the demo's one-machine hall pairs itself. `?device=ID` names the screen (default DISPLAY).
 */
const options = parseDisplayOptions(window.location.search);
initI18n(STRINGS, options.lang);
const voice = new VoiceController(options.voice);
void voice.start();

const deviceId =
  (new URLSearchParams(window.location.search).get('device') ?? 'DISPLAY').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 32) || 'DISPLAY';

async function displayToken(): Promise<string | undefined> {
  const q = new URLSearchParams(window.location.search);
  const code = q.get('pair');
  if (code) {
    try {
      const token = await pairWithCode('display', deviceId, code);
      q.delete('pair');
      window.history.replaceState(null, '', `${window.location.pathname}${q.size > 0 ? `?${q.toString()}` : ''}`);
      return token;
    } catch {
      /* a used or wrong code: fall back to a stored token */
    }
  }
  return (await deviceToken('display', deviceId, '大厅综合屏').catch(() => null)) ?? undefined;
}

void displayToken().then((token) =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    token ? (
      <HallDisplay options={options} voice={voice} token={token} />
    ) : (
      <PairingScreen deviceId={deviceId} pair={(code) => pairWithCode('display', deviceId, code)} retry={displayToken} />
    ),
  ),
);
