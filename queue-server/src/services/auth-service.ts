/**
 * Accounts, sessions and device pairing. Passwords are scrypt hashes; tokens are 256-bit random values
 * stored only as SHA-256 hashes with an expiry, revocable one by one or per subject. Failed logins are
 * throttled per username and per address. Devices (kiosks, displays) pair with a single-use code an
 * admin issues; a used or expired code never pairs again.
 */
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { failure, type EpochMs, type Failure, type Role } from '@hall/contract';
import type { AccountRepository, DeviceRecord, TokenRole } from '../db/account-repository.ts';
import type { Clock } from './clock.ts';

export interface Principal {
  kind: 'user' | 'device';
  /** Username, or device id. */
  id: string;
  role: TokenRole;
  displayName: string;
  certified: string[];
  tokenHash: string;
}

const ROLE_RANK: Record<TokenRole, number> = { kiosk: 0, display: 0, staff: 1, supervisor: 2, admin: 3 };

/** admin ⊇ supervisor ⊇ staff; device roles match only themselves. */
export function hasRole(p: Principal | null, allowed: readonly TokenRole[]): boolean {
  if (!p) return false;
  return allowed.some((r) =>
    r === 'kiosk' || r === 'display' || p.role === 'kiosk' || p.role === 'display' ? r === p.role : ROLE_RANK[p.role] >= ROLE_RANK[r],
  );
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

const USER_TOKEN_MS = 12 * 3600_000;
const DEVICE_TOKEN_MS = 365 * 24 * 3600_000;
const PAIRING_CODE_MS = 15 * 60_000;
const THROTTLE_WINDOW_MS = 15 * 60_000;
const THROTTLE_MAX_FAILURES = 5;

// A fixed dummy hash so an unknown username costs as much time as a wrong password.
const DUMMY_HASH = hashPassword('not-a-real-password');

export class AuthService {
  private readonly failures = new Map<string, EpochMs[]>();

  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  private throttled(key: string, now: EpochMs): boolean {
    const recent = (this.failures.get(key) ?? []).filter((t) => now - t < THROTTLE_WINDOW_MS);
    this.failures.set(key, recent);
    return recent.length >= THROTTLE_MAX_FAILURES;
  }
  private fail(key: string, now: EpochMs): void {
    const list = this.failures.get(key) ?? [];
    list.push(now);
    this.failures.set(key, list);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
  }

  /** Checks credentials without issuing a token (used by hand-over too). */
  verify(
    username: string,
    password: string,
    address: string,
  ): { ok: true; account: { username: string; role: Role; displayName: string; certified: string[] } } | Failure {
    const now = this.clock.now();
    const userKey = `u:${username.toLowerCase()}`;
    const addrKey = `a:${address}`;
    if (this.throttled(userKey, now) || this.throttled(addrKey, now)) return failure('TOO_MANY_ATTEMPTS');
    const account = this.accounts.byUsername(username);
    const ok = verifyPassword(password, account?.passwordHash ?? DUMMY_HASH) && account !== null && account.disabledAt === null;
    if (!ok || !account) {
      this.fail(userKey, now);
      this.fail(addrKey, now);
      return failure('BAD_CREDENTIALS');
    }
    this.failures.delete(userKey);
    return {
      ok: true,
      account: { username: account.username, role: account.role, displayName: account.displayName, certified: account.certified },
    };
  }

  login(
    username: string,
    password: string,
    address: string,
  ): { ok: true; token: string; role: Role; expiresAt: EpochMs; displayName: string } | Failure {
    const v = this.verify(username, password, address);
    if (!v.ok) return v;
    const now = this.clock.now();
    const token = randomToken();
    const expiresAt = now + USER_TOKEN_MS;
    this.accounts.insertToken({
      tokenHash: sha256(token),
      subjectKind: 'user',
      subject: v.account.username,
      role: v.account.role,
      createdAt: now,
      expiresAt,
    });
    return { ok: true, token, role: v.account.role, expiresAt, displayName: v.account.displayName };
  }

  /** Resolves a bearer token, or says why it cannot. */
  authenticate(token: string | undefined): { ok: true; principal: Principal } | Failure {
    if (!token || token.length > 200) return failure('UNAUTHENTICATED');
    const rec = this.accounts.token(sha256(token));
    if (!rec || rec.revokedAt !== null) return failure('UNAUTHENTICATED');
    if (rec.expiresAt <= this.clock.now()) return failure('TOKEN_EXPIRED');
    if (rec.subjectKind === 'user') {
      const a = this.accounts.byUsername(rec.subject);
      if (!a || a.disabledAt !== null) return failure('UNAUTHENTICATED');
      return {
        ok: true,
        principal: {
          kind: 'user',
          id: a.username,
          role: a.role,
          displayName: a.displayName,
          certified: a.certified,
          tokenHash: rec.tokenHash,
        },
      };
    }
    const d = this.accounts.device(rec.subject);
    if (!d || d.revokedAt !== null) return failure('UNAUTHENTICATED');
    return {
      ok: true,
      principal: { kind: 'device', id: d.id, role: rec.role, displayName: d.name, certified: [], tokenHash: rec.tokenHash },
    };
  }

  logout(tokenHash: string): void {
    this.accounts.revokeToken(tokenHash, this.clock.now());
  }

  createPairingCode(kind: 'kiosk' | 'display', name: string, deviceId: string, createdBy: string): { code: string; expiresAt: EpochMs } {
    const now = this.clock.now();
    // 10 characters from an alphabet without look-alikes, typed on a kiosk's screen.
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const bytes = randomBytes(10);
    const code = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    this.accounts.insertPairingCode({
      codeHash: sha256(code),
      kind,
      name,
      deviceId,
      createdBy,
      createdAt: now,
      expiresAt: now + PAIRING_CODE_MS,
    });
    return { code, expiresAt: now + PAIRING_CODE_MS };
  }

  /** Exchanges a pairing code for a device token, once. */
  pair(code: string, address: string): { ok: true; token: string; deviceId: string; kind: 'kiosk' | 'display' } | Failure {
    const now = this.clock.now();
    const addrKey = `p:${address}`;
    if (this.throttled(addrKey, now)) return failure('TOO_MANY_ATTEMPTS');
    const hash = sha256(code.trim().toUpperCase());
    const rec = this.accounts.pairingCode(hash);
    if (!rec || rec.expiresAt <= now || !this.accounts.useCode(hash, now)) {
      this.fail(addrKey, now);
      return failure('PAIRING_CODE_INVALID');
    }
    return { ok: true, ...this.issueDeviceToken(rec.deviceId, rec.kind, rec.name), kind: rec.kind };
  }

  issueDeviceToken(deviceId: string, kind: 'kiosk' | 'display', name: string): { token: string; deviceId: string } {
    const now = this.clock.now();
    this.accounts.upsertDevice({ id: deviceId, kind, name }, now);
    const token = randomToken();
    this.accounts.insertToken({
      tokenHash: sha256(token),
      subjectKind: 'device',
      subject: deviceId,
      role: kind,
      createdAt: now,
      expiresAt: now + DEVICE_TOKEN_MS,
    });
    return { token, deviceId };
  }

  /** Every paired device, revoked ones included (their `revokedAt` set). */
  devices(): DeviceRecord[] {
    return this.accounts.devices();
  }

  revokeDevice(deviceId: string): boolean {
    const now = this.clock.now();
    this.accounts.revokeSubject('device', deviceId, now);
    return this.accounts.revokeDevice(deviceId, now);
  }

  hasAccount(username: string): boolean {
    return this.accounts.byUsername(username) !== null;
  }

  createAccount(a: { username: string; displayName: string; role: Role; password: string; certified: string[] }): void {
    this.accounts.insert(
      { username: a.username, displayName: a.displayName, role: a.role, passwordHash: hashPassword(a.password), certified: a.certified },
      this.clock.now(),
    );
  }
}
