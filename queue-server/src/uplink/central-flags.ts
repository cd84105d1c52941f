/**
 * `--central URL --hall-id ID --hall-key KEY` (or `HALL_CENTRAL_URL`, `HALL_ID`, `HALL_KEY`): all three or
 * none. Flags win over the environment. Returns the target, nothing (uplink off), or a clear error.
 */
import type { CentralTarget } from './central-http.ts';

export type CentralFlags = { ok: true; target: CentralTarget | undefined } | { ok: false; error: string };

export function parseCentralFlags(
  flags: { central?: string | undefined; hallId?: string | undefined; hallKey?: string | undefined },
  env: Record<string, string | undefined>,
): CentralFlags {
  const url = flags.central ?? env.HALL_CENTRAL_URL;
  const hallId = flags.hallId ?? env.HALL_ID;
  const key = flags.hallKey ?? env.HALL_KEY;
  const given = [url, hallId, key].filter((v) => v !== undefined && v !== '');
  if (given.length === 0) return { ok: true, target: undefined };
  if (given.length < 3) {
    const missing = [!url && '--central', !hallId && '--hall-id', !key && '--hall-key'].filter(Boolean).join(', ');
    return { ok: false, error: `to join a central server give --central, --hall-id and --hall-key together (missing: ${missing})` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url as string);
  } catch {
    return { ok: false, error: `--central must be a URL such as https://city.example.gov.cn, got ${url}` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { ok: false, error: `--central must be an http:// or https:// URL, got ${parsed.protocol}` };
  if (parsed.search || parsed.hash) return { ok: false, error: '--central must not carry a query or fragment' };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(hallId as string))
    return { ok: false, error: `--hall-id must be 1–64 letters, digits, - or _, got ${JSON.stringify(hallId)}` };
  if (!/^\S{8,512}$/.test(key as string)) return { ok: false, error: '--hall-key must be 8–512 characters with no spaces' };
  const base = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  return { ok: true, target: { url: base, hallId: hallId as string, key: key as string } };
}
