import { useEffect, useState, useSyncExternalStore } from 'react';
import { HallStream, type HallStreamOptions, type HallState } from './hall-stream.ts';

/** Connects to the hall stream for the component's lifetime and re-renders on every change. */
export function useHallStream(opts: HallStreamOptions | null): { state: HallState | null; stream: HallStream | null } {
  const [stream, setStream] = useState<HallStream | null>(null);
  const key = opts ? `${opts.namespace}|${opts.token ?? ''}` : '';
  useEffect(() => {
    if (!opts) return undefined;
    const s = new HallStream(opts);
    setStream(s);
    return () => {
      s.close();
      setStream(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const state = useSyncExternalStore(stream?.subscribe ?? noopSubscribe, stream?.getState ?? nullState);
  return { state, stream };
}

const noopSubscribe = () => () => undefined;
const nullState = () => null;
