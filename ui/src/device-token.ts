/**
 * Device tokens for kiosks and displays. A device keeps its token in localStorage; a device on the server's
 * own machine (the demo hall) pairs itself, any other enters the single-use code an admin issued.
 */
import { api, ApiError } from './api.ts';

/** Where the token lives and how the server is asked (tests pass fakes). */
export interface DeviceTokenDeps {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  api: typeof api;
}

/**
 * Whether a failed token check means the token is gone for good. Only the server saying so (401: expired,
 * revoked, unknown) does; a network error, a 5xx or a proxy's error page while the server restarts does
 * not, or every power cut on the LAN would send an admin round the hall to pair each kiosk again.
 */
export function tokenRejected(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401;
}

export async function deviceToken(
  kind: 'kiosk' | 'display',
  deviceId: string,
  name: string,
  deps: DeviceTokenDeps = { storage: localStorage, api },
): Promise<string | null> {
  const key = `hall.deviceToken.${kind}.${deviceId}`;
  const stored = deps.storage.getItem(key);
  if (stored) {
    try {
      await deps.api('/auth/me', { token: stored });
      return stored;
    } catch (err) {
      if (!tokenRejected(err)) return stored;
      deps.storage.removeItem(key);
    }
  }
  try {
    const r = await deps.api<{ token: string }>('/devices/pair-local', { body: { kind, deviceId, name } });
    deps.storage.setItem(key, r.token);
    return r.token;
  } catch {
    return null;
  }
}

export async function pairWithCode(kind: 'kiosk' | 'display', deviceId: string, code: string): Promise<string> {
  const r = await api<{ token: string; deviceId: string }>('/devices/pair', { body: { code } });
  localStorage.setItem(`hall.deviceToken.${kind}.${deviceId}`, r.token);
  return r.token;
}
