import { randomBytes } from 'node:crypto';
import type { EpochMs } from '@hall/contract';
import type { Db } from './database.ts';

export interface UplinkStateRecord {
  epoch: string;
  epochStartedAt: EpochMs;
  ackedSeq: number;
  lastSuccessAt: EpochMs | null;
  lastError: string | null;
  lastErrorAt: EpochMs | null;
}

export interface ConfigBundleRecord {
  version: number;
  bundle: unknown;
  receivedAt: EpochMs;
  receivedBusinessDate: string;
  deployedAt: EpochMs | null;
  refusedReason: string | null;
}

/** A fresh stream epoch: 16 url-safe characters. */
export function newEpoch(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Uplink delivery state and received configuration bundles (tables `uplink_state`, `uplink_config`, owned
 * here). Delivery state (acknowledged seq, last error) is bookkeeping about the link, not hall state: it is
 * written directly, never through the command path, so acknowledging events never creates new ones.
 * Deploying a bundle is hall state and runs inside `hall.command` (see uplink/config-apply.ts).
 */
export class UplinkRepository {
  private readonly s;
  constructor(db: Db) {
    this.s = {
      get: db.prepare('SELECT * FROM uplink_state WHERE id = 1'),
      create: db.prepare('INSERT OR IGNORE INTO uplink_state (id, epoch, epoch_started_at) VALUES (1, ?, ?)'),
      ack: db.prepare('UPDATE uplink_state SET acked_seq = ?, last_success_at = ? WHERE id = 1'),
      error: db.prepare('UPDATE uplink_state SET last_error = ?, last_error_at = ? WHERE id = 1'),
      renew: db.prepare('UPDATE uplink_state SET epoch = ?, epoch_started_at = ?, acked_seq = 0 WHERE id = 1'),
      putBundle: db.prepare(
        'INSERT OR IGNORE INTO uplink_config (version, bundle, received_at, received_business_date) VALUES (?, ?, ?, ?)',
      ),
      bundle: db.prepare('SELECT * FROM uplink_config WHERE version = ?'),
      received: db.prepare('SELECT MAX(version) AS v FROM uplink_config'),
      deployed: db.prepare('SELECT * FROM uplink_config WHERE deployed_at IS NOT NULL ORDER BY version DESC LIMIT 1'),
      pending: db.prepare('SELECT * FROM uplink_config WHERE deployed_at IS NULL AND refused_reason IS NULL ORDER BY version DESC LIMIT 1'),
      deploy: db.prepare('UPDATE uplink_config SET deployed_at = ? WHERE version = ?'),
      refuse: db.prepare('UPDATE uplink_config SET refused_reason = ? WHERE version = ?'),
    };
  }

  /** The state row, created with a fresh epoch on first use. */
  state(now: EpochMs): UplinkStateRecord {
    this.s.create.run(newEpoch(), now);
    const r = this.s.get.get() as Row;
    return {
      epoch: r.epoch,
      epochStartedAt: r.epoch_started_at,
      ackedSeq: r.acked_seq,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
    };
  }
  recordAck(ackedSeq: number, at: EpochMs): void {
    this.s.ack.run(ackedSeq, at);
  }
  recordError(message: string | null, at: EpochMs | null): void {
    this.s.error.run(message, at);
  }
  /** A new stream epoch (the database went back in time); the central's acknowledgement starts over. */
  renewEpoch(now: EpochMs): string {
    this.state(now);
    const epoch = newEpoch();
    this.s.renew.run(epoch, now);
    return epoch;
  }

  /** Stores a received bundle once per version; returns whether it was new. */
  putBundle(version: number, bundle: unknown, at: EpochMs, businessDate: string): boolean {
    return this.s.putBundle.run(version, JSON.stringify(bundle), at, businessDate).changes > 0;
  }
  bundle(version: number): ConfigBundleRecord | null {
    return bundleOf(this.s.bundle.get(version));
  }
  receivedVersion(): number | null {
    return (this.s.received.get() as { v: number | null }).v;
  }
  deployed(): ConfigBundleRecord | null {
    return bundleOf(this.s.deployed.get());
  }
  /** The newest bundle neither deployed nor refused. */
  pending(): ConfigBundleRecord | null {
    return bundleOf(this.s.pending.get());
  }
  markDeployed(version: number, at: EpochMs): void {
    this.s.deploy.run(at, version);
  }
  markRefused(version: number, reason: string): void {
    this.s.refuse.run(reason.slice(0, 500), version);
  }
}

/**
 * Called by the restore tool on the database it just put in place: the restored event log is older than
 * what the central may hold, so its stream gets a new epoch. A backup taken before migration 0004 has no
 * state yet (a fresh epoch is made at first start), so nothing is needed then.
 */
export function renewEpochAfterRestore(db: Db, now: EpochMs): string | null {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'uplink_state'").get();
  if (!has) return null;
  return new UplinkRepository(db).renewEpoch(now);
}

interface Row {
  epoch: string;
  epoch_started_at: number;
  acked_seq: number;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
}

function bundleOf(row: unknown): ConfigBundleRecord | null {
  if (!row) return null;
  const r = row as {
    version: number;
    bundle: string;
    received_at: number;
    received_business_date: string;
    deployed_at: number | null;
    refused_reason: string | null;
  };
  return {
    version: r.version,
    bundle: JSON.parse(r.bundle) as unknown,
    receivedAt: r.received_at,
    receivedBusinessDate: r.received_business_date,
    deployedAt: r.deployed_at,
    refusedReason: r.refused_reason,
  };
}
