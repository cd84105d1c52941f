/**
 * Idle timeout: a kiosk left alone must return home and forget the citizen. After `idleMs` without a touch
 * a countdown dialog gives `countdownMs` to continue; then the session ends. Pure phase function + hook.
 */
import { useEffect, useRef, useState } from 'react';

export type IdlePhase = { phase: 'active' } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

export function idlePhase(nowMs: number, lastActivityMs: number, idleMs: number, countdownMs: number): IdlePhase {
  const idle = nowMs - lastActivityMs;
  if (idle < idleMs) return { phase: 'active' };
  if (idle < idleMs + countdownMs) return { phase: 'warning', secondsLeft: Math.ceil((idleMs + countdownMs - idle) / 1000) };
  return { phase: 'expired' };
}

/**
 * Watches touches and keys; `enabled` false (home screen, nothing entered) keeps it quiet. Returns the
 * current phase and `keepAlive()` for the dialog's "continue" button.
 */
export function useIdle(opts: { enabled: boolean; idleMs: number; countdownMs: number; onExpire: () => void }): {
  phase: IdlePhase;
  keepAlive: () => void;
} {
  const last = useRef(Date.now());
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const onExpire = useRef(opts.onExpire);
  onExpire.current = opts.onExpire;

  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { capture: true, passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
    };
  }, []);

  useEffect(() => {
    last.current = Date.now();
    setPhase({ phase: 'active' });
    if (!opts.enabled) return undefined;
    const t = setInterval(() => {
      const p = idlePhase(Date.now(), last.current, opts.idleMs, opts.countdownMs);
      setPhase((prev) =>
        prev.phase === p.phase && (p.phase !== 'warning' || (prev.phase === 'warning' && prev.secondsLeft === p.secondsLeft)) ? prev : p,
      );
      if (p.phase === 'expired') {
        last.current = Date.now();
        onExpire.current();
      }
    }, 250);
    return () => clearInterval(t);
  }, [opts.enabled, opts.idleMs, opts.countdownMs]);

  return {
    phase,
    keepAlive: () => {
      last.current = Date.now();
      setPhase({ phase: 'active' });
    },
  };
}
