import type { ReactNode } from 'react';

/** A modal over the whole kiosk: one question, big buttons. */
export function Dialog({
  title,
  children,
  actions,
  tone = 'info',
  testId,
}: {
  title: string;
  children?: ReactNode;
  actions: ReactNode;
  tone?: 'info' | 'warn';
  testId?: string;
}) {
  return (
    <div className="dialog-backdrop" role="presentation">
      <div className={`dialog dialog-${tone}`} role="alertdialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <h2 className="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}
