/**
 * Integration-test kit: one throwaway PostgreSQL cluster per test file (`pg-cluster.ts`), a fresh database
 * and a central server on port 0 per test, and small REST helpers.
 */
import { createCentral, type Central } from '../server.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';

export const ADMIN_PASSWORD = 'central-test-admin';

let dbCounter = 0;
export async function freshDatabase(pg: PgCluster): Promise<string> {
  dbCounter += 1;
  return pg.createDatabase(`central_t${process.pid}_${dbCounter}`);
}

export async function startCentral(database: string): Promise<Central> {
  return createCentral({ database, adminPassword: ADMIN_PASSWORD });
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

export async function call<T = any>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, body: (text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

export async function adminToken(base: string): Promise<string> {
  const r = await call<{ token: string }>(base, 'POST', '/auth/login', undefined, { username: 'admin', password: ADMIN_PASSWORD });
  if (r.status !== 200) throw new Error(`login ${r.status}`);
  return r.body.token;
}

export async function registerHall(base: string, admin: string, id: string, name = `${id} 政务服务中心`): Promise<string> {
  const r = await call<{ key: string }>(base, 'POST', '/halls', admin, { id, name });
  if (r.status !== 201) throw new Error(`register ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.key;
}

export { startPgCluster, type PgCluster };
