/**
 * The shell's configuration, from its command line and environment (no config file: a kiosk image sets
 * them in its autostart entry). Pure, so it is tested without Electron.
 *
 *   --url URL              the hall server's kiosk page (default http://127.0.0.1:8080/kiosk)   KIOSK_URL
 *   --kiosk ID             this kiosk's id in the hall config (default KIOSK1)                  KIOSK_ID
 *   --id-reader SPEC       none | fake | serial:/dev/ttyUSB0[@115200]                          KIOSK_ID_READER
 *   --printer ID           this kiosk's printer in the hall's devices block (default: the only one) KIOSK_PRINTER
 *   --dev                  windowed, devtools allowed (never on a hall machine)
 */

export type IdReaderSpec = { type: 'none' } | { type: 'fake' } | { type: 'serial'; path: string; baudRate: number };

export interface ShellConfig {
  /** Full URL of the kiosk page, including `?kiosk=` so the page knows who it is. */
  url: string;
  /** Origin the window may stay on; every other navigation is refused. */
  origin: string;
  kioskId: string;
  /** Printer whose status the shell shows; null = the hall's only printer. */
  printerId: string | null;
  idReader: IdReaderSpec;
  dev: boolean;
}

export class ShellConfigError extends Error {}

export function parseIdReaderSpec(spec: string): IdReaderSpec {
  const s = spec.trim();
  if (s === '' || s === 'none') return { type: 'none' };
  if (s === 'fake') return { type: 'fake' };
  const m = /^serial:([^@]+)(?:@(\d{3,7}))?$/.exec(s);
  if (m?.[1]) return { type: 'serial', path: m[1], baudRate: m[2] ? Number(m[2]) : 115200 };
  throw new ShellConfigError(`--id-reader must be none, fake or serial:PATH[@BAUD], got ${JSON.stringify(spec)}`);
}

export function parseShellArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): ShellConfig {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) {
      flags.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      flags.set(a.slice(2), next);
      i++;
    } else flags.set(a.slice(2), true);
  }
  const str = (name: string, envName: string, fallback: string): string => {
    const v = flags.get(name);
    return typeof v === 'string' ? v : (env[envName] ?? fallback);
  };
  const kioskId = str('kiosk', 'KIOSK_ID', 'KIOSK1');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(kioskId))
    throw new ShellConfigError(`--kiosk must be 1–32 of [A-Za-z0-9_-], got ${JSON.stringify(kioskId)}`);
  let url: URL;
  try {
    url = new URL(str('url', 'KIOSK_URL', 'http://127.0.0.1:8080/kiosk'));
  } catch {
    throw new ShellConfigError('--url must be an absolute http(s) URL such as http://192.168.1.10:8080/kiosk');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ShellConfigError('--url must be http or https');
  if (!url.searchParams.has('kiosk')) url.searchParams.set('kiosk', kioskId);
  return {
    url: url.toString(),
    origin: url.origin,
    kioskId,
    printerId: (() => {
      const p = str('printer', 'KIOSK_PRINTER', '');
      return p === '' ? null : p;
    })(),
    idReader: parseIdReaderSpec(str('id-reader', 'KIOSK_ID_READER', 'none')),
    dev: flags.get('dev') === true || env.KIOSK_DEV === '1',
  };
}
