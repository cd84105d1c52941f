/**
 * A console's sign-in session: the bearer token and who it belongs to, kept in sessionStorage so it lasts
 * while the tab is open and is gone when the counter PC's browser closes (a shared PC must not keep a staff
 * token). Each console keeps its own key.
 */
import { useCallback, useState } from 'react';

export interface ConsoleSession {
  token: string;
  username: string;
  displayName: string;
  role: string;
}

function read(key: string): ConsoleSession | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<ConsoleSession>;
    return typeof s.token === 'string' && typeof s.username === 'string'
      ? { token: s.token, username: s.username, displayName: s.displayName ?? s.username, role: s.role ?? 'staff' }
      : null;
  } catch {
    return null;
  }
}

/** `[session, setSession]`; `setSession(null)` forgets it. */
export function useConsoleSession(key: string): [ConsoleSession | null, (s: ConsoleSession | null) => void] {
  const [session, setState] = useState<ConsoleSession | null>(() => read(key));
  const set = useCallback(
    (s: ConsoleSession | null) => {
      if (s) sessionStorage.setItem(key, JSON.stringify(s));
      else sessionStorage.removeItem(key);
      setState(s);
    },
    [key],
  );
  return [session, set];
}
