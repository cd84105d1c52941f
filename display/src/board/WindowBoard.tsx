import type { HallInfo, WindowState } from '@hall/contract';
import { useTranslation } from 'react-i18next';
import { Bi } from './Bi.tsx';
import { useGridFit } from './useGridFit.ts';

type TileState = 'calling' | 'serving' | 'idle' | 'paused' | 'closed';

export function tileState(w: WindowState): TileState {
  // A supervisor may call at a window nobody has opened (emergency takeover): the ticket wins over the status.
  if (w.currentTicket?.status === 'called') return 'calling';
  if (w.currentTicket) return 'serving';
  if (w.status === 'closed') return 'closed';
  if (w.status === 'paused') return 'paused';
  return 'idle';
}

/** Every window of this screen: its number, the ticket it is calling or serving, or why it is not serving. */
export function WindowBoard({
  windows,
  categories,
  flashWindowId,
  flashKey,
}: {
  windows: readonly WindowState[];
  categories: HallInfo['categories'];
  flashWindowId: string | null;
  flashKey: number;
}) {
  const { ref, cols, rows } = useGridFit<HTMLDivElement>(windows.length, 1.75);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  const names = new Map(categories.map((c) => [c.id, english && c.nameEn ? c.nameEn : c.name]));
  return (
    <section className="panel windows">
      <h2 className="panel-title">
        <Bi k="windows" inline />
      </h2>
      <div
        ref={ref}
        className="window-grid"
        style={{ gridTemplateColumns: `repeat(${cols}, 1fr)`, gridTemplateRows: `repeat(${rows}, 1fr)` }}
      >
        {windows.map((w) => (
          <WindowTile key={w.id} w={w} names={names} flash={w.id === flashWindowId ? flashKey : 0} />
        ))}
      </div>
    </section>
  );
}

function WindowTile({ w, names, flash }: { w: WindowState; names: Map<string, string>; flash: number }) {
  const { t } = useTranslation();
  const state = tileState(w);
  const serves = w.allocation.map((c) => names.get(c) ?? c).join(' · ');
  return (
    <article
      key={flash ? `f${flash}` : 'n'}
      className={`tile tile-${state}${flash ? ' tile-flash' : ''}`}
      data-testid="display-window"
      data-window-id={w.id}
      data-state={state}
    >
      <div className="tile-top">
        <span className="tile-name">
          {w.number}
          <small>{t('windowSuffix')}</small>
        </span>
        <span className="tile-status" data-testid="display-window-status">
          {t(`status.${state}`)}
        </span>
      </div>
      <div className="tile-main">
        {state === 'calling' || state === 'serving' ? (
          <span className="tile-number" data-testid="display-window-number">
            {w.currentTicket?.number}
          </span>
        ) : state === 'paused' ? (
          <span className="tile-word tile-word-paused">{t('status.paused')}</span>
        ) : state === 'closed' ? (
          <span className="tile-word tile-word-closed">{t('status.closed')}</span>
        ) : (
          <span className="tile-word tile-word-idle">—</span>
        )}
      </div>
      <div className="tile-foot">{state === 'closed' ? '' : serves}</div>
    </article>
  );
}
