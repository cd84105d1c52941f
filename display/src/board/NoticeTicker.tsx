import { Bi } from './Bi.tsx';

/**
 * The hall's notices, scrolling right to left in one endless line: two copies of the text move by one copy's
 * width per cycle, so the loop is seamless and text is on screen from the first frame. Restarts on change.
 */
export function NoticeTicker({ notices }: { notices: readonly string[] }) {
  const text = notices.join('　　◆　　');
  const seconds = Math.max(20, Math.round(text.length * 0.42));
  return (
    <footer className="ticker" data-testid="display-notices">
      <div className="ticker-label">
        <Bi k="notices" />
      </div>
      <div className="ticker-window">
        {text ? (
          <div key={text} className="ticker-track" style={{ animationDuration: `${seconds}s` }}>
            <span className="ticker-copy">{text}</span>
            <span className="ticker-copy" aria-hidden="true">
              {text}
            </span>
          </div>
        ) : null}
      </div>
    </footer>
  );
}
