/**
 * The PostgreSQL connection pool. A database restart ends every connection: the pool drops the broken
 * ones (the `error` handler keeps the process alive) and opens new ones on the next query, so the central
 * recovers by itself; a request during the outage answers 503 `STORAGE_UNAVAILABLE`.
 */
import pg from 'pg';
import type { Logger } from 'pino';

export type Db = pg.Pool;

// bigint (int8) columns hold seqs and epoch-ms times, well inside 2^53: read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns as the ISO text the contract uses.
pg.types.setTypeParser(1082, (v) => v);

export function createPool(url: string, log: Logger): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
  return pool;
}

/** Runs `fn` in one transaction on one connection. */
export async function inTx<T>(db: Db, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await db.connect();
  let broken: Error | undefined;
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    if (isConnectionError(err)) broken = err as Error;
    else await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    // A broken connection is destroyed, not returned to the pool.
    c.release(broken);
  }
}

/** Connection-level failures (database down or restarting), as opposed to a bad query. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (
    typeof e?.code === 'string' &&
    (/^08/.test(e.code) || e.code === '57P01' || e.code === '57P03' || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(e?.message ?? '');
}
