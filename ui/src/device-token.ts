/**
 * Device tokens for kiosks and displays. A device keeps its token in localStorage; a device on the server's
 * own machine (the demo hall) pairs itself, any other enters the single-use code an admin issued.
 */
import { api } from './api.ts';

export async function deviceToken(kind: 'kiosk' | 'display', deviceId: string, name: string): Promise<string | null> {
  const key = `hall.deviceToken.${kind}.${deviceId}`;
  const stored = localStorage.getItem(key);
  if (stored) {
    try {
      await api('/auth/me', { token: stored });
      return stored;
    } catch {
      localStorage.removeItem(key);
    }
  }
  try {
    const r = await api<{ token: string }>('/devices/pair-local', { body: { kind, deviceId, name } });
    localStorage.setItem(key, r.token);
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
