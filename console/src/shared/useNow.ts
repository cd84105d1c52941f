import { useEffect, useState } from 'react';

/** The current time in ms, re-rendering every `everyMs` (live timers, clocks). `skewMs` is server − local. */
export function useNow(everyMs = 1000, skewMs = 0): number {
  const [now, setNow] = useState(() => Date.now() + skewMs);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now() + skewMs), everyMs);
    return () => clearInterval(id);
  }, [everyMs, skewMs]);
  return now;
}

/** 75 000 → `01:15`; an hour or more → `1:02:03`. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

/** Whole minutes between two instants (never negative). */
export function minutesBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / 60_000));
}
