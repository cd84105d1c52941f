/**
 * Keyboard shortcuts for consoles. A binding is a key name as `KeyboardEvent.key` gives it (`F1`, `Enter`)
 * with optional `Alt+` / `Ctrl+` / `Shift+` prefixes. Function keys never reach the browser (no help page on
 * F1, no reload on F5) while the console is open; keys typed into inputs are left alone except function keys.
 */
import { useEffect, useRef } from 'react';

export type HotkeyMap = Record<string, (e: KeyboardEvent) => void>;

export function comboOf(e: KeyboardEvent): string {
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return `${e.ctrlKey ? 'Ctrl+' : ''}${e.altKey ? 'Alt+' : ''}${e.shiftKey && key.length > 1 ? 'Shift+' : ''}${key}`;
}

const isFunctionKey = (key: string) => /^F\d{1,2}$/.test(key);

/** Binds `map` on window while `isEnabled`; the latest map is used without re-binding. */
export function useHotkeys(map: HotkeyMap, isEnabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!isEnabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) {
        if (isFunctionKey(e.key)) e.preventDefault();
        return;
      }
      const target = e.target as HTMLElement | null;
      const typing = target !== null && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
      if (typing && !isFunctionKey(e.key) && !e.altKey) return;
      const combo = comboOf(e);
      const fn = ref.current[combo];
      if (isFunctionKey(e.key)) e.preventDefault();
      if (!fn) return;
      e.preventDefault();
      fn(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [isEnabled]);
}

/** Blocks the browser's own function-key actions (help, reload, find…) for the page's lifetime. */
export function useSwallowFunctionKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isFunctionKey(e.key) && e.key !== 'F11' && e.key !== 'F12') e.preventDefault();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}
