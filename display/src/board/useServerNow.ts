import { useEffect, useState } from 'react';

/**
 * The server's clock as this screen knows it (local time plus the skew measured at the last snapshot: screen
 * PCs drift), re-rendering on every `stepMs` boundary.
 */
export function useServerNow(skewMs: number, stepMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const at = Date.now() + skewMs;
      setNow(at);
      timer = setTimeout(tick, stepMs - (at % stepMs) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, [skewMs, stepMs]);
  return now;
}
