/** The `config_bundle` table (its only SQL): every published version, never changed after. */
import type { ConfigBundle, ConfigBundleContent } from '@hall/contract';
import type { Db } from '../db/pool.ts';
import { inTx } from '../db/pool.ts';

interface Raw {
  version: number;
  published_at: number;
  note: string;
  apply: ConfigBundle['apply'];
  content: ConfigBundleContent;
}

const toBundle = (r: Raw): ConfigBundle => ({
  version: r.version,
  publishedAt: r.published_at,
  note: r.note,
  apply: r.apply,
  content: r.content,
});

export class ConfigRepository {
  constructor(private readonly db: Db) {}

  async latest(): Promise<ConfigBundle | null> {
    const { rows } = await this.db.query<Raw>(
      'SELECT version, published_at, note, apply, content FROM config_bundle ORDER BY version DESC LIMIT 1',
    );
    return rows[0] ? toBundle(rows[0]) : null;
  }

  async latestVersion(): Promise<number | null> {
    const { rows } = await this.db.query<{ v: number | null }>('SELECT max(version) AS v FROM config_bundle');
    return rows[0]?.v ?? null;
  }

  /** The next version number, under a table lock so two nodes never publish the same one. */
  async publish(b: Omit<ConfigBundle, 'version'>, by: string): Promise<ConfigBundle> {
    return inTx(this.db, async (c) => {
      await c.query('LOCK TABLE config_bundle IN EXCLUSIVE MODE');
      const { rows } = await c.query<Raw>(
        `INSERT INTO config_bundle (version, published_at, published_by, note, apply, content)
         SELECT COALESCE(max(version), 0) + 1, $1, $2, $3, $4, $5 FROM config_bundle
         RETURNING version, published_at, note, apply, content`,
        [b.publishedAt, by, b.note, b.apply, JSON.stringify(b.content)],
      );
      return toBundle(rows[0] as Raw);
    });
  }
}
