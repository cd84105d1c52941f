/** A short confirmation at the bottom of the screen that goes away by itself after 4 s. */
import { useEffect } from 'react';

export function Toast({ message, onDone }: { message: string | null; onDone: () => void }) {
  useEffect(() => {
    if (!message) return undefined;
    const id = setTimeout(onDone, 4000);
    return () => clearTimeout(id);
  }, [message, onDone]);
  return message ? (
    <div className="sv-toast" role="status" data-testid="toast">
      {message}
    </div>
  ) : null;
}
