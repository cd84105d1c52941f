/**
 * Accounts, sessions and device pairing. Passwords are scrypt hashes computed off the event loop
 * (`passwords.ts`); tokens are 256-bit random values stored only as SHA-256 hashes with an expiry,
 * revocable one by one or per subject. Failed sign-ins slow down their (username, address) pair only
 * (`login-throttle.ts`). Devices (kiosks, displays) pair with a single-use code an admin issues; a used or
 * expired code never pairs again.
 *
 * A session is one thing: whoever holds open sockets for a token learns through {@link onSessionEnded}
 * when it is revoked (logout, device revocation, password reset, a disabled account), so REST and every
 * socket stop together.
 */
import { createHash, randomBytes } from 'node:crypto';
import { failure, type EpochMs, type Failure, type Role } from '@hall/contract';
import type { Account, AccountRepository, DeviceRecord, TokenRole } from '../db/account-repository.ts';
import type { LoggedEvent } from '../db/event-log.ts';
import type { Clock } from './clock.ts';
import { LoginThrottle } from './login-throttle.ts';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export { hashPassword, verifyPassword } from './passwords.ts';

export interface Principal {
  kind: 'user' | 'device';
  /** Username, or device id. */
  id: string;
  role: TokenRole;
  displayName: string;
  certified: string[];
  tokenHash: string;
  expiresAt: EpochMs;
  /** A user whose password was handed to them: only changing it (and signing out) is allowed. */
  mustChangePassword: boolean;
}

/** Where a request comes from, as the edge sees it (`http/respond.ts` `clientOf`). */
export interface ClientAddress {
  ip: string;
  /** The hall's console machine: direct loopback, or a configured console address. */
  console: boolean;
}

/** What ended: one token, or every token of a subject. */
export type SessionEnd = { tokenHash: string } | { subjectKind: 'user' | 'device'; subject: string; except?: string };

const ROLE_RANK: Record<TokenRole, number> = { kiosk: 0, display: 0, staff: 1, supervisor: 2, admin: 3 };

/** admin ⊇ supervisor ⊇ staff; device roles match only themselves. */
export function hasRole(p: Principal | null, allowed: readonly TokenRole[]): boolean {
  if (!p) return false;
  return allowed.some((r) =>
    r === 'kiosk' || r === 'display' || p.role === 'kiosk' || p.role === 'display' ? r === p.role : ROLE_RANK[p.role] >= ROLE_RANK[r],
  );
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

const USER_TOKEN_MS = 12 * 3600_000;
const DEVICE_TOKEN_MS = 365 * 24 * 3600_000;
const PAIRING_CODE_MS = 15 * 60_000;

// A fixed dummy hash so an unknown username costs as much time as a wrong password (computed once, lazily).
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword('not-a-real-password'));

export interface AccountView {
  username: string;
  displayName: string;
  role: Role;
  certified: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  passwordChangedAt: EpochMs | null;
  createdAt: EpochMs;
}

const viewOf = (a: Account): AccountView => ({
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  certified: a.certified,
  disabled: a.disabledAt !== null,
  mustChangePassword: a.mustChangePassword,
  passwordChangedAt: a.passwordChangedAt,
  createdAt: a.createdAt,
});

/** The rules a password its owner chooses meets (own change, hand-over): not the current one, then the policy. */
function choiceProblem(username: string, current: string, next: string): Failure | null {
  if (current === next) return failure('PASSWORD_SAME');
  return passwordProblem(next, username);
}

/** The part of the hall's command transaction (`hall/command-runner.ts` `Tx`) an account change writes through. */
export interface AccountTx {
  readonly now: EpochMs;
  log(e: LoggedEvent): unknown;
  readonly afterCommit: Array<() => void>;
}

type VerifiedAccount = { username: string; role: Role; displayName: string; certified: string[]; mustChangePassword: boolean };

export class AuthService {
  private readonly throttle: LoginThrottle;
  private readonly pairThrottle: LoginThrottle;
  private readonly endListeners = new Set<(end: SessionEnd) => void>();
  private audit: (e: LoggedEvent) => void = () => {};

  constructor(
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {
    this.throttle = new LoginThrottle(() => this.clock.now());
    this.pairThrottle = new LoginThrottle(() => this.clock.now());
  }

  /** Wired once by the composition root: security events go to the audit log through the command path. */
  setAudit(write: (e: LoggedEvent) => void): void {
    this.audit = write;
  }

  onSessionEnded(cb: (end: SessionEnd) => void): () => void {
    this.endListeners.add(cb);
    return () => this.endListeners.delete(cb);
  }
  private ended(end: SessionEnd): void {
    for (const l of this.endListeners) l(end);
  }

  get throttleEntries(): number {
    return this.throttle.size;
  }

  /** Checks credentials without issuing a token (hand-over uses it, then {@link issueUserToken}). */
  async verify(username: string, password: string, from: ClientAddress): Promise<{ ok: true; account: VerifiedAccount } | Failure> {
    if (this.throttle.waitMs(username, from.ip) > 0) {
      // A try while waiting counts too (no hash is computed): hammering only lengthens this pair's wait.
      // It is not written to the audit log one by one: a write per refused try would be a cheap way to
      // load the disk. The failures that led to the wait are there.
      this.throttle.fail(username, from.ip, from.console);
      return failure('TOO_MANY_ATTEMPTS');
    }
    const account = this.accounts.byUsername(username);
    const good = await verifyPassword(password, account?.passwordHash ?? (await dummy()));
    if (!good || !account || account.disabledAt !== null) {
      this.throttle.fail(username, from.ip, from.console);
      const reason = !account ? 'unknown_user' : account.disabledAt !== null ? 'disabled' : 'bad_password';
      this.audit({ type: 'auth.login_failed', actor: this.knownName(username), source: `rest ${from.ip}`, data: { reason } });
      return failure('BAD_CREDENTIALS');
    }
    this.throttle.succeed(username, from.ip);
    return {
      ok: true,
      account: {
        username: account.username,
        role: account.role,
        displayName: account.displayName,
        certified: account.certified,
        mustChangePassword: account.mustChangePassword,
      },
    };
  }

  /** An attempted username is recorded only when it is an account: a typed password must never reach the log. */
  private knownName(username: string): string {
    return this.accounts.byUsername(username) ? username : '(unknown)';
  }

  issueUserToken(
    account: VerifiedAccount,
    from: ClientAddress,
    via: 'login' | 'hand-over' = 'login',
  ): { token: string; role: Role; expiresAt: EpochMs; displayName: string; mustChangePassword: boolean } {
    const now = this.clock.now();
    const token = randomToken();
    const expiresAt = now + USER_TOKEN_MS;
    this.accounts.insertToken({
      tokenHash: sha256(token),
      subjectKind: 'user',
      subject: account.username,
      role: account.role,
      createdAt: now,
      expiresAt,
    });
    this.audit({ type: 'auth.logged_in', actor: account.username, source: `rest ${from.ip}`, data: { role: account.role, via } });
    return { token, role: account.role, expiresAt, displayName: account.displayName, mustChangePassword: account.mustChangePassword };
  }

  async login(
    username: string,
    password: string,
    from: ClientAddress,
  ): Promise<{ ok: true; token: string; role: Role; expiresAt: EpochMs; displayName: string; mustChangePassword: boolean } | Failure> {
    const v = await this.verify(username, password, from);
    if (!v.ok) return v;
    return { ok: true, ...this.issueUserToken(v.account, from) };
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
          expiresAt: rec.expiresAt,
          mustChangePassword: a.mustChangePassword,
        },
      };
    }
    const d = this.accounts.device(rec.subject);
    if (!d || d.revokedAt !== null) return failure('UNAUTHENTICATED');
    return {
      ok: true,
      principal: {
        kind: 'device',
        id: d.id,
        role: rec.role,
        displayName: d.name,
        certified: [],
        tokenHash: rec.tokenHash,
        expiresAt: rec.expiresAt,
        mustChangePassword: false,
      },
    };
  }

  /** The time now, on the clock sessions expire by. */
  now(): EpochMs {
    return this.clock.now();
  }

  logout(p: Principal, from: ClientAddress): void {
    this.accounts.revokeToken(p.tokenHash, this.clock.now());
    this.ended({ tokenHash: p.tokenHash });
    this.audit({ type: 'auth.logged_out', actor: p.id, source: `rest ${from.ip}`, data: { kind: p.kind } });
  }

  createPairingCode(
    kind: 'kiosk' | 'display',
    name: string,
    deviceId: string,
    createdBy: string,
    from: ClientAddress,
  ): { code: string; expiresAt: EpochMs } {
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
    this.audit({ type: 'device.pairing_code_issued', actor: createdBy, source: `rest ${from.ip}`, data: { deviceId, kind } });
    return { code, expiresAt: now + PAIRING_CODE_MS };
  }

  /** Exchanges a pairing code for a device token, once. */
  pair(code: string, from: ClientAddress): { ok: true; token: string; deviceId: string; kind: 'kiosk' | 'display' } | Failure {
    const now = this.clock.now();
    if (this.pairThrottle.waitMs('pair', from.ip) > 0) return failure('TOO_MANY_ATTEMPTS');
    const hash = sha256(code.trim().toUpperCase());
    const rec = this.accounts.pairingCode(hash);
    if (!rec || rec.expiresAt <= now || !this.accounts.useCode(hash, now)) {
      this.pairThrottle.fail('pair', from.ip, false);
      return failure('PAIRING_CODE_INVALID');
    }
    return { ok: true, ...this.issueDeviceToken(rec.deviceId, rec.kind, rec.name, from, 'code'), kind: rec.kind };
  }

  issueDeviceToken(
    deviceId: string,
    kind: 'kiosk' | 'display',
    name: string,
    from: ClientAddress,
    via: 'code' | 'local',
  ): { token: string; deviceId: string } {
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
    this.audit({ type: 'device.paired', actor: deviceId, source: `rest ${from.ip}`, data: { kind, via } });
    return { token, deviceId };
  }

  /** Every paired device, revoked ones included (their `revokedAt` set). */
  devices(): DeviceRecord[] {
    return this.accounts.devices();
  }

  revokeDevice(deviceId: string, by: string, from: ClientAddress): boolean {
    const now = this.clock.now();
    this.accounts.revokeSubject('device', deviceId, now);
    const found = this.accounts.revokeDevice(deviceId, now);
    this.ended({ subjectKind: 'device', subject: deviceId });
    if (found) this.audit({ type: 'device.revoked', actor: by, source: `rest ${from.ip}`, data: { deviceId } });
    return found;
  }

  hasAccount(username: string): boolean {
    return this.accounts.byUsername(username) !== null;
  }

  listAccounts(): AccountView[] {
    return this.accounts.all().map(viewOf);
  }

  async createAccount(
    a: { username: string; displayName: string; role: Role; password: string; certified: string[] },
    by: string,
    from: ClientAddress,
  ): Promise<{ ok: true } | Failure> {
    const problem = passwordProblem(a.password, a.username);
    if (problem) return problem;
    const passwordHash = await hashPassword(a.password);
    if (this.accounts.byUsername(a.username)) return failure('USERNAME_TAKEN');
    // A password an admin typed for someone else is handed over: its owner chooses their own at first sign-in.
    this.accounts.insert(
      { username: a.username, displayName: a.displayName, role: a.role, passwordHash, certified: a.certified, mustChangePassword: true },
      this.clock.now(),
    );
    this.audit({ type: 'account.created', actor: by, source: `rest ${from.ip}`, data: { username: a.username, role: a.role } });
    return { ok: true };
  }

  /** Change one's own password: the current one must be right; every other session of the account ends. */
  async changeOwnPassword(p: Principal, current: string, next: string, from: ClientAddress): Promise<{ ok: true } | Failure> {
    if (p.kind !== 'user') return failure('FORBIDDEN');
    const v = await this.verify(p.id, current, from);
    if (!v.ok) return v;
    const problem = choiceProblem(p.id, current, next);
    if (problem) return problem;
    const hash = await hashPassword(next);
    const now = this.clock.now();
    this.accounts.setPassword(p.id, hash, false, now);
    // The session that changed it stays; every other one ends.
    this.accounts.revokeSubject('user', p.id, now, p.tokenHash);
    this.ended({ subjectKind: 'user', subject: p.id, except: p.tokenHash });
    this.audit({ type: 'account.password_changed', actor: p.id, source: `rest ${from.ip}`, data: { username: p.id } });
    return { ok: true };
  }

  /**
   * AB岗: what a hand-over to a verified colleague needs from their account. One whose password was handed
   * to them (`mustChangePassword`) must choose a new one in the same request, by the rules of
   * {@link changeOwnPassword}; without one the hand-over is refused (PASSWORD_CHANGE_REQUIRED) before anything
   * changes, so the window is never left with someone whose token could do nothing. The new password is
   * hashed here; `store` writes it, ends the account's other sessions and logs `account.password_changed`
   * inside the hand-over's own transaction, so the password and the window change together or not at all.
   *
   * A `newPassword` for an account that need not change is refused (PASSWORD_CHANGE_NOT_REQUIRED): a
   * hand-over is no place to replace a working password, and ignoring it would let the caller believe it had.
   */
  async prepareHandOver(
    account: VerifiedAccount,
    current: string,
    next: string | undefined,
    from: ClientAddress,
  ): Promise<{ ok: true; account: VerifiedAccount; store: ((tx: AccountTx) => void) | null } | Failure> {
    if (!account.mustChangePassword)
      return next === undefined ? { ok: true, account, store: null } : failure('PASSWORD_CHANGE_NOT_REQUIRED');
    if (next === undefined) return failure('PASSWORD_CHANGE_REQUIRED');
    const problem = choiceProblem(account.username, current, next);
    if (problem) return problem;
    const hash = await hashPassword(next);
    const username = account.username;
    return {
      ok: true,
      account: { ...account, mustChangePassword: false },
      store: (tx) => {
        this.accounts.setPassword(username, hash, false, tx.now);
        // The colleague has no session here yet: every one they hold elsewhere ends, as with any change.
        this.accounts.revokeSubject('user', username, tx.now);
        tx.log({ type: 'account.password_changed', actor: username, source: `rest ${from.ip}`, data: { username, via: 'hand-over' } });
        tx.afterCommit.push(() => this.ended({ subjectKind: 'user', subject: username }));
      },
    };
  }

  /** An admin sets a new password for someone: it is handed over, so its owner must change it at next sign-in. */
  async resetPassword(username: string, next: string, by: string, from: ClientAddress): Promise<{ ok: true } | Failure> {
    if (!this.accounts.byUsername(username)) return failure('NOT_FOUND');
    const problem = passwordProblem(next, username);
    if (problem) return problem;
    const hash = await hashPassword(next);
    const now = this.clock.now();
    this.accounts.setPassword(username, hash, true, now);
    this.accounts.revokeSubject('user', username, now);
    this.ended({ subjectKind: 'user', subject: username });
    this.throttle.succeed(username, from.ip);
    this.audit({ type: 'account.password_reset', actor: by, source: `rest ${from.ip}`, data: { username } });
    return { ok: true };
  }

  setDisabled(username: string, disabled: boolean, by: string, from: ClientAddress): { ok: true } | Failure {
    const a = this.accounts.byUsername(username);
    if (!a) return failure('NOT_FOUND');
    if (disabled && username === by) return failure('CANNOT_DISABLE_SELF');
    if (disabled && a.role === 'admin' && a.disabledAt === null) {
      const enabledAdmins = this.accounts.all().filter((x) => x.role === 'admin' && x.disabledAt === null).length;
      if (enabledAdmins <= 1) return failure('LAST_ADMIN');
    }
    const now = this.clock.now();
    this.accounts.setDisabled(username, disabled ? now : null);
    if (disabled) {
      this.accounts.revokeSubject('user', username, now);
      this.ended({ subjectKind: 'user', subject: username });
    }
    this.audit({
      type: disabled ? 'account.disabled' : 'account.enabled',
      actor: by,
      source: `rest ${from.ip}`,
      data: { username },
    });
    return { ok: true };
  }
}
