/**
 * Loads the input method on first use. The engine and its ~1.6 MB dictionary are a chunk of their own, so
 * the kiosk's first screen does not carry them; screens with a keyboard call `preloadIme()` when they open,
 * and the data is parsed lazily (see `createEngine`), so the keyboard is ready before the first key.
 */
import type { ImeEngine } from './engine.ts';

let cached: Promise<ImeEngine> | null = null;
let ready: ImeEngine | null = null;

export function loadIme(): Promise<ImeEngine> {
  cached ??= Promise.all([import('./engine.ts'), import('./lexicon.txt?raw')]).then(([{ createEngine }, data]) => {
    const engine = createEngine(data.default);
    ready = engine;
    prepareWhenIdle(engine);
    return engine;
  });
  // A failed load (a network blip between kiosk and server) is tried again next time, not cached.
  cached.catch(() => {
    cached = null;
  });
  return cached;
}

/** Parses the rest of the dictionary in idle slices of the page, so no key press waits for it. Returns a stop. */
export function prepareWhenIdle(engine: ImeEngine): () => void {
  let stopped = false;
  const step = () => {
    if (!stopped && !engine.prepare(8, () => performance.now())) schedule();
  };
  const schedule = () => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(step, { timeout: 500 });
    else setTimeout(step, 16);
  };
  schedule();
  return () => {
    stopped = true;
  };
}

export function preloadIme(): void {
  void loadIme().catch(() => undefined);
}

/** The engine if it has loaded already (a keyboard opening on a second field shows candidates at once). */
export function loadedIme(): ImeEngine | null {
  return ready;
}
