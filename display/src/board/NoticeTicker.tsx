import { Bi } from './Bi.tsx';

/** The hall's notices, scrolling right to left in one line; restarts when the notices change. */
export function NoticeTicker({ notices }: { notices: readonly string[] }) {
  const text = notices.join('　　◆　　');
  const seconds = Math.max(20, Math.round(text.length * 0.42));
  return (
    <footer className="ticker" data-testid="display-notices">
      <div className="ticker-label"><Bi k="notices" /></div>
      <div className="ticker-window">
        {text ? <div key={text} className="ticker-track" style={{ animationDuration: `${seconds}s` }}>{text}</div> : null}
      </div>
    </footer>
  );
}
