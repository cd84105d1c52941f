/**
 * Central accounts: the city `admin` (registers halls, publishes configuration, creates accounts), city
 * supervisors (read everything, live), read-only auditors (read reports and exports). Roles nest:
 * admin ⊇ supervisor ⊇ auditor. Sessions are random bearer tokens stored as digests, valid 12 hours.
 */
import { randomBytes } from 'node:crypto';
import { failure, type Failure } from '@hall/contract';
import { AccountRepository, type CentralRole } from './account-repository.ts';
import { digest, hashPassword, newSecret, verifyPassword } from './passwords.ts';
import type { Db } from '../db/pool.ts';

export const SESSION_MS = 12 * 3600_000;
const RANK: Record<CentralRole, number> = { auditor: 1, supervisor: 2, admin: 3 };

export interface Principal {
  username: string;
  role: CentralRole;
}

export function hasRole(p: Principal, atLeast: CentralRole): boolean {
  return RANK[p.role] >= RANK[atLeast];
}

export class AuthService {
  readonly repo: AccountRepository;
  constructor(db: Db) {
    this.repo = new AccountRepository(db);
  }

  /** Creates `admin` on first start; returns the generated password when none was given (print it once). */
  async ensureAdmin(password: string | undefined): Promise<string | null> {
    if (await this.repo.byUsername('admin')) return null;
    const pw = password && password.length > 0 ? password : randomBytes(12).toString('base64url');
    const created = await this.repo.insert({ username: 'admin', role: 'admin', passwordHash: await hashPassword(pw) });
    return created && !password ? pw : null;
  }

  async createAccount(username: string, password: string, role: CentralRole): Promise<Principal | Failure> {
    const ok = await this.repo.insert({ username, role, passwordHash: await hashPassword(password) });
    return ok ? { username, role } : failure('USERNAME_TAKEN');
  }

  async login(username: string, password: string): Promise<{ token: string; role: CentralRole; expiresAt: Date } | Failure> {
    const a = await this.repo.byUsername(username);
    if (!a || !(await verifyPassword(password, a.passwordHash))) return failure('BAD_CREDENTIALS');
    const token = newSecret('ct');
    const expiresAt = new Date(Date.now() + SESSION_MS);
    await this.repo.insertToken(digest(token), a.username, expiresAt);
    return { token, role: a.role, expiresAt };
  }

  async authenticate(token: string): Promise<Principal | Failure> {
    const t = await this.repo.tokenOwner(digest(token));
    if (!t) return failure('UNAUTHENTICATED');
    if (t.expiresAt.getTime() <= Date.now()) return failure('TOKEN_EXPIRED');
    return { username: t.username, role: t.role };
  }
}
