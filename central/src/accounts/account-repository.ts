/** The `account` and `session_token` tables (their only SQL). */
import type { Db } from '../db/pool.ts';

export const CENTRAL_ROLES = ['admin', 'supervisor', 'auditor'] as const;
export type CentralRole = (typeof CENTRAL_ROLES)[number];

export interface AccountRow {
  username: string;
  role: CentralRole;
  passwordHash: string;
}

export class AccountRepository {
  constructor(private readonly db: Db) {}

  async byUsername(username: string): Promise<AccountRow | null> {
    const { rows } = await this.db.query<{ username: string; role: CentralRole; password_hash: string }>(
      'SELECT username, role, password_hash FROM account WHERE username = $1',
      [username],
    );
    const r = rows[0];
    return r ? { username: r.username, role: r.role, passwordHash: r.password_hash } : null;
  }

  /** False when the username exists. */
  async insert(a: AccountRow): Promise<boolean> {
    const r = await this.db.query('INSERT INTO account (username, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
      a.username,
      a.role,
      a.passwordHash,
    ]);
    return r.rowCount === 1;
  }

  async list(): Promise<Array<{ username: string; role: CentralRole }>> {
    const { rows } = await this.db.query<{ username: string; role: CentralRole }>('SELECT username, role FROM account ORDER BY username');
    return rows;
  }

  async insertToken(tokenHash: string, username: string, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO session_token (token_hash, username, expires_at) VALUES ($1, $2, $3)', [
      tokenHash,
      username,
      expiresAt,
    ]);
    await this.db.query('DELETE FROM session_token WHERE expires_at < now()');
  }

  async tokenOwner(tokenHash: string): Promise<{ username: string; role: CentralRole; expiresAt: Date } | null> {
    const { rows } = await this.db.query<{ username: string; role: CentralRole; expires_at: Date }>(
      'SELECT a.username, a.role, t.expires_at FROM session_token t JOIN account a USING (username) WHERE t.token_hash = $1',
      [tokenHash],
    );
    const r = rows[0];
    return r ? { username: r.username, role: r.role, expiresAt: r.expires_at } : null;
  }
}
