/**
 * Keyboard-wedge devices (ID-card readers, QR scanners) type a line and Enter into whatever has focus. The
 * kiosk keeps a hidden input focused (it has no visible text inputs: every field uses the on-screen
 * keyboard) and hands each line to the screen that is showing, or to the app-wide fallback.
 */
import { useEffect, useRef } from 'react';

type Handler = (line: string) => void;
const handlers: Handler[] = [];
let fallback: Handler | null = null;

function useStable(handler: Handler): Handler {
  const ref = useRef(handler);
  ref.current = handler;
  return useRef<Handler>((line) => ref.current(line)).current;
}

/** A screen that takes scans registers while mounted (the latest mounted wins). */
export function useWedgeHandler(handler: Handler): void {
  const h = useStable(handler);
  useEffect(() => {
    handlers.push(h);
    return () => {
      const i = handlers.lastIndexOf(h);
      if (i >= 0) handlers.splice(i, 1);
    };
  }, [h]);
}

/** What a scan does when no screen takes it (set once by the app). */
export function useWedgeFallback(handler: Handler): void {
  const h = useStable(handler);
  useEffect(() => {
    fallback = h;
    return () => {
      if (fallback === h) fallback = null;
    };
  }, [h]);
}

export function dispatchWedgeLine(line: string): void {
  const l = line.trim();
  if (l === '') return;
  (handlers[handlers.length - 1] ?? fallback)?.(l);
}
