/**
 * The one command path (R8, R10): every change to the hall runs here. A command gets a transaction
 * context (`Tx`: the time, the business date, an audit log writer, and what it touched), writes through
 * the owning repositories, and either commits with its audit events or rolls back entirely. Only after
 * the commit does the runner hand what changed to the publisher (read model, then the hall stream).
 *
 * Before every command the runner lets the day rules close earlier business dates in the same
 * transaction (`beforeEach`): nothing of a new day happens before the old day is closed.
 *
 * A storage failure (disk full, read-only, I/O error, a locked or corrupt file) rolls everything back and
 * answers STORAGE_UNAVAILABLE; any other exception is a bug and is rethrown.
 */
import { businessDate, failure, type CallAnnouncement, type EpochMs, type Failure, type HallEvent } from '@hall/contract';
import type { Db } from '../db/database.ts';
import type { EventLog, LoggedEvent } from '../db/event-log.ts';
import type { TicketRecord } from '../db/ticket-repository.ts';
import type { Clock } from '../services/clock.ts';
import type { Logger } from '../log.ts';
import type { Result } from './actor.ts';

/** SQLite result codes that mean "the storage cannot take this write now", not "the command is wrong". */
const STORAGE_ERROR_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_READONLY_DBMOVED',
]);

/** True for an error thrown by SQLite because the storage failed (not a constraint or a bug). */
export function isStorageError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return STORAGE_ERROR_CODES.has(code) || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY');
}

/** What one command did, collected while it runs and published after its commit. */
export interface Tx {
  readonly now: EpochMs;
  readonly day: string;
  /** Appends an audit event in this transaction; returns its id (the hall stream's sequence number). */
  log(e: LoggedEvent): number;
  /** Tickets as this command wrote them. */
  readonly tickets: Map<string, TicketRecord>;
  readonly windows: Set<string>;
  readonly calls: CallAnnouncement[];
  /** Set when queue figures may have changed without a ticket changing (allocation, pause). */
  queuesChanged: boolean;
  /** Other hall-stream events (notices, day change). */
  readonly other: HallEvent[];
  /** Run after the commit (listeners that must not see a rolled-back change). */
  readonly afterCommit: Array<() => void>;
}

export interface CommittedTx extends Tx {
  readonly lastEventId: number;
}

class Rollback extends Error {
  constructor(readonly failure: Failure) {
    super(failure.code);
  }
}

export interface CommandRunnerDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  events: EventLog;
  log: Logger;
}

export class CommandRunner {
  private healthy = true;
  private publisher: ((tx: CommittedTx) => void) | null = null;
  private before: ((tx: Tx) => void) | null = null;
  private running = false;

  constructor(private readonly deps: CommandRunnerDeps) {}

  /** Wired once by the hall service: what happens after each commit, and before each command. */
  connect(publish: (tx: CommittedTx) => void, beforeEach: (tx: Tx) => void): void {
    this.publisher = publish;
    this.before = beforeEach;
  }

  get isStorageHealthy(): boolean {
    return this.healthy;
  }

  /** Runs one command in one transaction. Nested calls join the outer command (one commit, one batch). */
  run<T>(fn: (tx: Tx) => Result<T>): Result<T> {
    if (this.running) throw new Error('command runner: nested command (pass the Tx down instead)');
    const now = this.deps.clock.now();
    let lastEventId = 0;
    const tx: Tx = {
      now,
      day: businessDate(now, this.deps.timeZone),
      log: (e) => (lastEventId = this.deps.events.append(e, now, tx.day)),
      tickets: new Map(),
      windows: new Set(),
      calls: [],
      queuesChanged: false,
      other: [],
      afterCommit: [],
    };
    let result: Result<T>;
    this.running = true;
    try {
      result = this.deps.db.transaction(() => {
        this.before?.(tx);
        const r = fn(tx);
        if (!r.ok) throw new Rollback(r);
        return r;
      })();
    } catch (err) {
      if (err instanceof Rollback) return err.failure;
      if (isStorageError(err)) {
        this.healthy = false;
        this.deps.log.error({ code: (err as { code?: string }).code }, 'storage failure: command rolled back');
        return failure('STORAGE_UNAVAILABLE');
      }
      throw err;
    } finally {
      this.running = false;
    }
    this.healthy = true;
    this.publisher?.({ ...tx, lastEventId });
    for (const f of tx.afterCommit) {
      try {
        f();
      } catch (err) {
        this.deps.log.error({ err: (err as Error).message }, 'after-commit listener failed');
      }
    }
    return result;
  }
}
