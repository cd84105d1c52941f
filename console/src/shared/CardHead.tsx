/** A console card's head (`cs-card-head`): its title, then whatever the card shows beside it (a count, a filter). */
import type { ReactNode } from 'react';

export function CardHead({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="cs-card-head">
      <span className="cs-card-title">{title}</span>
      {children}
    </div>
  );
}
