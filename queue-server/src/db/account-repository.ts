import type { EpochMs, Role } from '@hall/contract';
import type { Db } from './database.ts';

export interface Account {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly certified: string[];
  readonly disabledAt: EpochMs | null;
  /** A handed-over password (seeded or reset): the account must choose its own before anything else. */
  readonly mustChangePassword: boolean;
  readonly passwordChangedAt: EpochMs | null;
  readonly createdAt: EpochMs;
}

export type TokenRole = Role | 'kiosk' | 'display';

export interface TokenRecord {
  readonly tokenHash: string;
  readonly subjectKind: 'user' | 'device';
  readonly subject: string;
  readonly role: TokenRole;
  readonly createdAt: EpochMs;
  readonly expiresAt: EpochMs;
  readonly revokedAt: EpochMs | null;
}

export interface DeviceRecord {
  id: string;
  kind: 'kiosk' | 'display';
  name: string;
  createdAt: EpochMs;
  revokedAt: EpochMs | null;
}

export class AccountRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      byName: db.prepare('SELECT * FROM account WHERE username = ?'),
      all: db.prepare('SELECT * FROM account ORDER BY id'),
      count: db.prepare('SELECT COUNT(*) AS n FROM account'),
      insert: db.prepare(
        'INSERT INTO account (username, display_name, role, password_hash, certified, created_at, must_change_password) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      setPassword: db.prepare('UPDATE account SET password_hash = ?, must_change_password = ?, password_changed_at = ? WHERE username = ?'),
      setDisabled: db.prepare('UPDATE account SET disabled_at = ? WHERE username = ?'),
      update: db.prepare('UPDATE account SET display_name = ?, role = ?, certified = ? WHERE username = ?'),
      insertToken: db.prepare(
        'INSERT INTO auth_token (token_hash, subject_kind, subject, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      token: db.prepare('SELECT * FROM auth_token WHERE token_hash = ?'),
      revokeToken: db.prepare('UPDATE auth_token SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL'),
      revokeSubject: db.prepare(
        'UPDATE auth_token SET revoked_at = ? WHERE subject_kind = ? AND subject = ? AND revoked_at IS NULL AND token_hash <> ?',
      ),
      insertDevice: db.prepare(
        'INSERT INTO device (id, kind, name, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, revoked_at = NULL',
      ),
      device: db.prepare('SELECT * FROM device WHERE id = ?'),
      devices: db.prepare('SELECT * FROM device ORDER BY id'),
      revokeDevice: db.prepare('UPDATE device SET revoked_at = ? WHERE id = ?'),
      insertCode: db.prepare(
        'INSERT INTO pairing_code (code_hash, kind, name, device_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      code: db.prepare('SELECT * FROM pairing_code WHERE code_hash = ?'),
      useCode: db.prepare('UPDATE pairing_code SET used_at = ? WHERE code_hash = ? AND used_at IS NULL'),
    };
  }
  private map(r: Record<string, unknown> | undefined): Account | null {
    if (!r) return null;
    return {
      id: r.id as number,
      username: r.username as string,
      displayName: r.display_name as string,
      role: r.role as Role,
      passwordHash: r.password_hash as string,
      certified: JSON.parse(r.certified as string) as string[],
      disabledAt: (r.disabled_at as number | null) ?? null,
      mustChangePassword: r.must_change_password === 1,
      passwordChangedAt: (r.password_changed_at as number | null) ?? null,
      createdAt: r.created_at as number,
    };
  }
  byUsername(username: string): Account | null {
    return this.map(this.s.byName.get(username) as Record<string, unknown> | undefined);
  }
  all(): Account[] {
    return (this.s.all.all() as Array<Record<string, unknown>>).map((r) => this.map(r) as Account);
  }
  count(): number {
    return (this.s.count.get() as { n: number }).n;
  }
  insert(
    a: { username: string; displayName: string; role: Role; passwordHash: string; certified: string[]; mustChangePassword?: boolean },
    now: EpochMs,
  ): void {
    this.s.insert.run(a.username, a.displayName, a.role, a.passwordHash, JSON.stringify(a.certified), now, a.mustChangePassword ? 1 : 0);
  }
  setPassword(username: string, hash: string, mustChange: boolean, now: EpochMs): boolean {
    return this.s.setPassword.run(hash, mustChange ? 1 : 0, now, username).changes > 0;
  }
  setDisabled(username: string, at: EpochMs | null): boolean {
    return this.s.setDisabled.run(at, username).changes > 0;
  }
  update(username: string, a: { displayName: string; role: Role; certified: string[] }): boolean {
    return this.s.update.run(a.displayName, a.role, JSON.stringify(a.certified), username).changes > 0;
  }
  insertToken(t: Omit<TokenRecord, 'revokedAt'>): void {
    this.s.insertToken.run(t.tokenHash, t.subjectKind, t.subject, t.role, t.createdAt, t.expiresAt);
  }
  token(hash: string): TokenRecord | null {
    const r = this.s.token.get(hash) as Record<string, unknown> | undefined;
    if (!r) return null;
    return {
      tokenHash: r.token_hash as string,
      subjectKind: r.subject_kind as 'user' | 'device',
      subject: r.subject as string,
      role: r.role as TokenRole,
      createdAt: r.created_at as number,
      expiresAt: r.expires_at as number,
      revokedAt: (r.revoked_at as number | null) ?? null,
    };
  }
  revokeToken(hash: string, now: EpochMs): boolean {
    return this.s.revokeToken.run(now, hash).changes > 0;
  }
  /** Revokes every live token of a subject, but `except` (the session that asked). */
  revokeSubject(kind: 'user' | 'device', subject: string, now: EpochMs, except = ''): number {
    return this.s.revokeSubject.run(now, kind, subject, except).changes;
  }
  upsertDevice(d: { id: string; kind: 'kiosk' | 'display'; name: string }, now: EpochMs): void {
    this.s.insertDevice.run(d.id, d.kind, d.name, now);
  }
  device(id: string): DeviceRecord | null {
    const r = this.s.device.get(id) as Record<string, unknown> | undefined;
    return r
      ? {
          id: r.id as string,
          kind: r.kind as 'kiosk' | 'display',
          name: r.name as string,
          createdAt: r.created_at as number,
          revokedAt: (r.revoked_at as number | null) ?? null,
        }
      : null;
  }
  devices(): DeviceRecord[] {
    return (this.s.devices.all() as Array<Record<string, unknown>>).map((r) => ({
      id: r.id as string,
      kind: r.kind as 'kiosk' | 'display',
      name: r.name as string,
      createdAt: r.created_at as number,
      revokedAt: (r.revoked_at as number | null) ?? null,
    }));
  }
  revokeDevice(id: string, now: EpochMs): boolean {
    return this.s.revokeDevice.run(now, id).changes > 0;
  }
  insertPairingCode(c: {
    codeHash: string;
    kind: string;
    name: string;
    deviceId: string;
    createdBy: string;
    createdAt: EpochMs;
    expiresAt: EpochMs;
  }): void {
    this.s.insertCode.run(c.codeHash, c.kind, c.name, c.deviceId, c.createdBy, c.createdAt, c.expiresAt);
  }
  pairingCode(
    hash: string,
  ): { kind: 'kiosk' | 'display'; name: string; deviceId: string; expiresAt: number; usedAt: number | null } | null {
    const r = this.s.code.get(hash) as Record<string, unknown> | undefined;
    return r
      ? {
          kind: r.kind as 'kiosk' | 'display',
          name: r.name as string,
          deviceId: r.device_id as string,
          expiresAt: r.expires_at as number,
          usedAt: (r.used_at as number | null) ?? null,
        }
      : null;
  }
  /** Marks a code used; false when it already was (a replay). */
  useCode(hash: string, now: EpochMs): boolean {
    return this.s.useCode.run(now, hash).changes === 1;
  }
}
