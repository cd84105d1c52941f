/** Registering halls (a key shown once, stored as a digest) and the list the city sees. */
import { failure, type Failure } from '@hall/contract';
import type { Db } from '../db/pool.ts';
import { digest, newSecret } from '../accounts/passwords.ts';
import { hallRepository as repo } from './hall-repository.ts';
import { eventStore } from '../ingest/event-store.ts';

/** A hall that sent nothing (not even a heartbeat) for this long shows as disconnected. */
export const CONNECTED_MS = 60_000;

export interface HallEntry {
  id: string;
  name: string;
  lastSeq: number;
  lastSeenAt: string | null;
  connected: boolean;
  epoch: string | null;
  restores: number;
  conflicts: number;
  config: { published: number | null; deployed: number | null; received: number | null };
}

export class HallService {
  constructor(
    private readonly db: Db,
    private readonly publishedVersion: () => Promise<number | null>,
  ) {}

  async register(id: string, name: string): Promise<{ hall: HallEntry; key: string } | Failure> {
    const key = newSecret('hk');
    if (!(await repo.insert(this.db, id, name, digest(key)))) return failure('HALL_EXISTS', { id });
    const hall = (await this.entries(id))[0] as HallEntry;
    return { hall, key };
  }

  async hallOfKey(key: string): Promise<string | null> {
    return repo.idByKeyHash(this.db, digest(key));
  }

  async entries(only?: string): Promise<HallEntry[]> {
    const [rows, restores, conflicts, published] = await Promise.all([
      only ? repo.byId(this.db, only).then((h) => (h ? [h] : [])) : repo.list(this.db),
      repo.restoreCount(this.db),
      eventStore.conflictCount(this.db),
      this.publishedVersion(),
    ]);
    const now = Date.now();
    return rows.map((h) => ({
      id: h.id,
      name: h.name,
      lastSeq: h.ackSeq,
      lastSeenAt: h.lastSeenAt ? h.lastSeenAt.toISOString() : null,
      connected: h.lastSeenAt !== null && now - h.lastSeenAt.getTime() < CONNECTED_MS,
      epoch: h.epoch,
      restores: restores.get(h.id) ?? 0,
      conflicts: conflicts.get(h.id) ?? 0,
      config: { published, deployed: h.live?.config?.deployed ?? null, received: h.live?.config?.received ?? null },
    }));
  }
}
