/**
 * The modules that plug into the server beyond the core (ratings, device buses, allocation …). Each is a
 * `ServerExtension`; `main.ts` and the integration tests build the same list.
 */
import type { ServerExtension } from './server.ts';

export function defaultExtensions(): ServerExtension[] {
  return [];
}
