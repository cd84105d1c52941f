/**
 * Page parameters. A kiosk is configured by its URL (the Electron shell adds `?kiosk=`); tests shorten the
 * timeouts with `?idleMs=3000&countdownMs=2000`.
 */
export interface KioskParams {
  kioskId: string;
  kioskName: string;
  /** Inactivity before the "still there?" countdown, normal mode. Elderly mode doubles it. */
  idleMs: number;
  countdownMs: number;
  /** Start in elderly mode (a kiosk placed at the 老年人 / 帮办代办 area). */
  elderly: boolean;
}

const num = (v: string | null, fallback: number, min: number, max: number) => {
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
};

export function readParams(search: string): KioskParams {
  const q = new URLSearchParams(search);
  const id = q.get('kiosk');
  return {
    kioskId: id && /^[A-Za-z0-9_-]{1,32}$/.test(id) ? id : 'KIOSK1',
    kioskName: q.get('name')?.slice(0, 40) || '一楼自助取号机',
    idleMs: num(q.get('idleMs'), 90_000, 1000, 3_600_000),
    countdownMs: num(q.get('countdownMs'), 15_000, 1000, 120_000),
    elderly: q.get('elderly') === '1',
  };
}
