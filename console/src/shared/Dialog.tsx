/**
 * A modal dialog for consoles: focus moves into it, Esc cancels, Enter (outside a textarea) confirms,
 * and the page behind does not react to clicks. Shortcuts of the page are the caller's to disable.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: ReactNode;
  onCancel: () => void;
  onConfirm?: () => void;
  confirmLabel?: ReactNode;
  cancelLabel?: ReactNode;
  isConfirmDisabled?: boolean;
  isBusy?: boolean;
  /** `danger` paints the confirm button red. */
  tone?: 'primary' | 'danger';
  width?: number;
  error?: string | null;
  testId?: string;
  children: ReactNode;
}

export function Dialog(props: DialogProps) {
  const {
    title,
    onCancel,
    onConfirm,
    confirmLabel,
    cancelLabel,
    isConfirmDisabled,
    isBusy,
    tone = 'primary',
    width = 560,
    error,
    testId,
    children,
  } = props;
  const box = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    const el = box.current;
    const first = el?.querySelector<HTMLElement>('[data-autofocus]') ?? el?.querySelector<HTMLElement>('input, textarea, select') ?? el;
    first?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const p = latest.current;
      if (e.key === 'Escape') {
        e.preventDefault();
        p.onCancel();
      } else if (e.key === 'Enter' && !e.isComposing) {
        // Enter confirms from anywhere in the dialog except a textarea (new line) and the footer's own buttons.
        const target = e.target as HTMLElement | null;
        if (target?.tagName === 'TEXTAREA' || target?.closest('.cs-dialog-foot')) return;
        if (p.onConfirm && !p.isConfirmDisabled && !p.isBusy) {
          e.preventDefault();
          p.onConfirm();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div
      className="cs-dialog-backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onCancel();
      }}
    >
      <div className="cs-dialog" role="dialog" aria-modal="true" style={{ width }} ref={box} tabIndex={-1} data-testid={testId}>
        <header className="cs-dialog-head">
          <h2>{title}</h2>
          <button type="button" className="cs-dialog-x" aria-label="close" onClick={onCancel}>
            ×
          </button>
        </header>
        <div className="cs-dialog-body">{children}</div>
        {error ? (
          <div className="cs-dialog-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
            {error}
          </div>
        ) : null}
        <footer className="cs-dialog-foot">
          <button type="button" className="cs-btn cs-btn-ghost" onClick={onCancel}>
            {cancelLabel ?? '取消'} <kbd className="cs-kbd">Esc</kbd>
          </button>
          {onConfirm ? (
            <button
              type="button"
              className={`cs-btn ${tone === 'danger' ? 'cs-btn-danger' : 'cs-btn-primary'}`}
              onClick={onConfirm}
              disabled={isConfirmDisabled || isBusy}
              data-testid={testId ? `${testId}-confirm` : undefined}
            >
              {confirmLabel ?? '确定'} <kbd className="cs-kbd cs-kbd-on-dark">Enter</kbd>
            </button>
          ) : null}
        </footer>
      </div>
    </div>
  );
}
