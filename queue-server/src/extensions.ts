/**
 * The modules that plug into the server beyond the core (ratings, device buses, allocation …). Each is a
 * `ServerExtension`; `main.ts` and the integration tests build the same list.
 */
import type { ServerExtension } from './server.ts';
import { supervisorExtension } from './supervisor/supervisor-extension.ts';
import { counterExtension } from './counter/counter-routes.ts';
import { deviceAgent } from './devices/device-agent.ts';
import { kioskExtension } from './kiosk/kiosk-routes.ts';
import { ratingsExtension } from './ratings/extension.ts';

export function defaultExtensions(): ServerExtension[] {
  return [kioskExtension(), counterExtension(), deviceAgent(), supervisorExtension(), ratingsExtension()];
}
