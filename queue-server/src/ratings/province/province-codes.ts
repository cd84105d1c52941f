/**
 * The code-mapping tables a provincial platform needs (table `province_code`, owned here): category and
 * service → 事项编码 / 实施清单编码, staff → 工号, hall → 部门编码. Kept in the console; every change audited.
 */
import type { EpochMs } from '@hall/contract';
import type { Db } from '../../db/database.ts';

export const CODE_KINDS = ['category', 'service', 'staff', 'hall'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export interface CodeRow {
  kind: CodeKind;
  localId: string;
  code: string;
  updatedAt: EpochMs;
  updatedBy: string;
}

export class ProvinceCodeRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      all: db.prepare('SELECT * FROM province_code ORDER BY kind, local_id'),
      get: db.prepare('SELECT code FROM province_code WHERE kind = ? AND local_id = ?'),
      put: db.prepare(`INSERT INTO province_code (kind, local_id, code, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (kind, local_id) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
      del: db.prepare('DELETE FROM province_code WHERE kind = ? AND local_id = ?'),
    };
  }
  all(): CodeRow[] {
    return (this.s.all.all() as Array<{ kind: CodeKind; local_id: string; code: string; updated_at: number; updated_by: string }>).map(
      (r) => ({ kind: r.kind, localId: r.local_id, code: r.code, updatedAt: r.updated_at, updatedBy: r.updated_by }),
    );
  }
  code(kind: CodeKind, localId: string): string | null {
    return (this.s.get.get(kind, localId) as { code: string } | undefined)?.code ?? null;
  }
  /** An empty code removes the mapping. */
  put(kind: CodeKind, localId: string, code: string, at: EpochMs, by: string): void {
    if (code === '') this.s.del.run(kind, localId);
    else this.s.put.run(kind, localId, code, at, by);
  }
}
