import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';

export interface NoShowEntry {
  ticketId: string;
  number: string;
  /** Hall time, ISO. */
  at: string;
}

/**
 * 过号: the numbers that just ended as no-shows (by staff or by the hall's rule), newest first, with where
 * to go. From the hall stream's ticket events; a reloaded screen starts empty.
 */
export function NoShows({ list, helpDesk }: { list: readonly NoShowEntry[]; helpDesk: string }) {
  const { t } = useTranslation();
  if (list.length === 0) return null;
  return (
    <section className="panel no-shows" data-testid="display-no-shows" aria-live="polite">
      <h2 className="panel-title">
        <Bi k="noShowTitle" inline />
      </h2>
      <div className="no-show-numbers">
        {list.map((n) => (
          <span key={n.ticketId} className="no-show-number" data-testid="display-no-show" data-number={n.number}>
            {n.number}
          </span>
        ))}
      </div>
      <p className="no-show-hint">{t('noShowHint', { desk: helpDesk })}</p>
    </section>
  );
}

/** Adds the no-shows of a batch (newest first, one entry per ticket), keeping at most `max`. */
export function withNoShows(
  list: readonly NoShowEntry[],
  tickets: ReadonlyArray<{ id: string; number: string; status: string; finishedAt: string | null }>,
  max = 6,
): NoShowEntry[] {
  let next = [...list];
  for (const t of tickets) {
    next = next.filter((x) => x.ticketId !== t.id);
    if (t.status === 'no_show') next.unshift({ ticketId: t.id, number: t.number, at: t.finishedAt ?? '' });
  }
  return next.slice(0, max);
}
