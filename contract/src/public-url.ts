/**
 * `hall.publicUrl`: the address phones and other machines use to reach the hall (the QR on every slip is
 * `<publicUrl>/t/<token>`). Pure rules, shared by the config schema and the server's start-up check.
 *
 * - It is an absolute `http:` or `https:` URL with no path beyond `/`, no query and no fragment.
 * - A server bound to a loopback address (127.0.0.0/8, ::1, localhost) may leave it out: the hall then
 *   lives on one machine and the QR uses the loopback address it listens on.
 * - A server bound to any other address (0.0.0.0, a LAN address) must have one, and it must not point at
 *   a loopback host, or every slip's QR would send a phone to itself.
 */
import type { ErrorCode, ErrorParams } from './errors.ts';

/** True for a loopback host: 127.0.0.0/8, ::1 (with or without brackets), `localhost` and `*.localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return /^127(\.\d{1,3}){3}$/.test(h) || h === '::1' || h === '::ffff:127.0.0.1' || h === 'localhost' || h.endsWith('.localhost');
}

/** Why a string is not a usable public URL, or undefined when it is one. */
export function publicUrlProblem(value: string): string | undefined {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must start with http:// or https://';
  if (u.username || u.password) return 'must not carry a user name or password';
  if (u.pathname !== '/' || u.search || u.hash) return 'must be just scheme, host and port (no path, query or fragment)';
  return undefined;
}

/** `https://hall.example/` → `https://hall.example` (the form the server joins paths to). */
export function normalisePublicUrl(value: string): string {
  return value.replace(/\/+$/, '');
}

/**
 * Checks the public URL against the address the server binds. Returns undefined when the combination is
 * fine, or the failure (`PUBLIC_URL_REQUIRED`, `PUBLIC_URL_LOOPBACK`, `PUBLIC_URL_INVALID`) to refuse with.
 */
export function checkPublicUrl(publicUrl: string | undefined, bindHost: string): { code: ErrorCode; params: ErrorParams } | undefined {
  if (publicUrl !== undefined && publicUrl !== '') {
    const problem = publicUrlProblem(publicUrl);
    if (problem) return { code: 'PUBLIC_URL_INVALID', params: { url: publicUrl, problem } };
  }
  if (isLoopbackHost(bindHost)) return undefined;
  if (publicUrl === undefined || publicUrl === '') return { code: 'PUBLIC_URL_REQUIRED', params: { host: bindHost } };
  const host = new URL(publicUrl).hostname;
  if (isLoopbackHost(host)) return { code: 'PUBLIC_URL_LOOPBACK', params: { url: publicUrl, host: bindHost } };
  return undefined;
}
