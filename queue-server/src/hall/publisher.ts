/**
 * After a commit: what one command changed reaches the read model first, then the hall stream (one
 * numbered batch), then the device listeners (LED strips follow windows, rating keypads light on a finish).
 * Nothing here runs for a rolled-back command.
 */
import { toPublicTicket, type HallEvent, type WindowState } from '@hall/contract';
import type { TicketRecord } from '../db/ticket-repository.ts';
import type { WindowRepository } from '../db/window-repository.ts';
import type { Logger } from '../log.ts';
import type { CommittedTx } from './command-runner.ts';
import type { HallStream } from './hall-stream.ts';
import type { HallReadModel } from './read-model.ts';
import type { HallViews } from './views.ts';

export interface PublisherDeps {
  windows: WindowRepository;
  model: HallReadModel;
  views: HallViews;
  stream: HallStream;
  log: Logger;
}

export class Publisher {
  private readonly windowListeners = new Set<(w: WindowState, current: TicketRecord | null) => void>();
  private readonly finishListeners = new Set<(t: TicketRecord) => void>();

  constructor(private readonly deps: PublisherDeps) {}

  publish(tx: CommittedTx): void {
    const { model, views } = this.deps;
    const events: HallEvent[] = [];
    const finished: TicketRecord[] = [];
    for (const t of tx.tickets.values()) {
      model.applyTicket(t);
      events.push({ type: 'ticket', ticket: toPublicTicket(views.ticketView(t)) });
      if (t.status === 'done' && t.finishedAt === tx.now) finished.push(t);
    }
    for (const id of tx.windows) {
      const rec = this.deps.windows.get(id);
      if (rec && model.windowConfigs.has(id)) model.setWindow(rec);
    }
    model.markFree(tx.now);
    const windowStates: Array<[WindowState, TicketRecord | null]> = [];
    for (const id of tx.windows) {
      const rec = model.window(id);
      if (!rec) continue;
      const current = model.currentOf(id);
      const state = views.windowState(rec, current);
      windowStates.push([state, current]);
      events.push({ type: 'window', window: state });
    }
    this.deps.stream.publish(tx.lastEventId, [...events, ...tx.other], tx.calls, tx.queuesChanged || tx.tickets.size > 0, tx.now);
    for (const [w, current] of windowStates) for (const l of this.windowListeners) this.safely(() => l(w, current));
    for (const t of finished) for (const l of this.finishListeners) this.safely(() => l(t));
  }

  onWindowChanged(cb: (w: WindowState, current: TicketRecord | null) => void): () => void {
    this.windowListeners.add(cb);
    return () => this.windowListeners.delete(cb);
  }
  onTicketFinished(cb: (t: TicketRecord) => void): () => void {
    this.finishListeners.add(cb);
    return () => this.finishListeners.delete(cb);
  }

  private safely(f: () => void): void {
    try {
      f();
    } catch (err) {
      this.deps.log.error({ err: (err as Error).message }, 'hall listener failed');
    }
  }
}
