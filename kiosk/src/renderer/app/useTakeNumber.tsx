/**
 * The one way the kiosk takes a number (and checks in an appointment): print first (no print, no ticket);
 * if the printer cannot print, say so plainly and offer a photo-able on-screen ticket instead, issued
 * without a printer. Every error reaches the citizen as a sentence, never a code.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketForm } from '@hall/contract';
import { describeError, type ApiError } from '@hall/ui';
import { useKiosk } from './context.tsx';
import { useIssue, type IssuePath } from './issue.ts';
import type { Target } from './routes.ts';
import { Dialog } from '../components/Dialog.tsx';
import { IconAlert } from '../components/Icons.tsx';

/** The printer status named in a 503 message ("…/ printer paper-out"), or 'offline'. */
/** The printer's status named in a PRINTER_UNAVAILABLE failure's parameters. */
export function printerStatusFrom(e: Pick<ApiError, 'params'>): string {
  const s = e.params?.status;
  return typeof s === 'string' ? s : 'offline';
}

export function ticketBody(
  target: Target,
  bundles: ReadonlyArray<{ id: string; serviceIds: string[] }>,
  form: TicketForm | undefined,
  priorityGroup: string | null = null,
): Record<string, unknown> {
  const body: Record<string, unknown> = { channel: 'kiosk' };
  // 绿色通道: the group only (the server makes the ticket priority `green`); the proof is shown at the window.
  if (priorityGroup) body.priorityGroup = priorityGroup;
  if (target.kind === 'service') body.serviceId = target.serviceId;
  // A bundle is one visit: the server issues the configured bundle, with a status per matter.
  else body.bundleId = target.bundleId;
  if (form) body.form = form;
  return body;
}

export function useTakeNumber() {
  const { t } = useTranslation();
  const k = useKiosk();
  const { issue, pending } = useIssue(k.token);
  const [error, setError] = useState<string | null>(null);
  const [fallback, setFallback] = useState<{ path: IssuePath; body: Record<string, unknown>; status: string } | null>(null);

  const explain = (e: ApiError): string => {
    if (e.code === 'NETWORK' || e.code === 'INTERNAL') return t('issue.network');
    if (e.code === 'APPOINTMENT_NOT_TODAY') return t('checkin.notToday');
    if (e.code === 'UNKNOWN_APPOINTMENT') return t('checkin.notFound', { helpDesk: k.hall.helpDesk });
    if (e.code === 'APPOINTMENT_USED') return t('checkin.used', { helpDesk: k.hall.helpDesk });
    return t('issue.failed', { message: describeError(e, k.lang) });
  };

  const run = async (path: IssuePath, body: Record<string, unknown>, onScreen: boolean) => {
    setError(null);
    const withPrinter = !onScreen && k.printer.printerId !== null;
    const r = await issue(path, withPrinter ? { ...body, printerId: k.printer.printerId } : body);
    if (!r) return;
    if (r.ticket) {
      setFallback(null);
      k.nav({ type: 'go', route: { name: 'ticket', ticket: r.ticket, onScreen: onScreen || !withPrinter, checkIn: path !== '/tickets' } });
      return;
    }
    const e = r.error as ApiError;
    if (e.code === 'PRINTER_UNAVAILABLE') {
      k.refreshPrinter();
      setFallback({ path, body, status: printerStatusFrom(e) });
      k.say(t('voice.printer'));
      return;
    }
    setFallback(null);
    setError(explain(e));
  };

  const dialog: ReactNode = fallback ? (
    <Dialog
      tone="warn"
      testId="printer-dialog"
      title={t('issue.printerTitle')}
      actions={
        <>
          <button
            type="button"
            className="btn btn-ghost btn-lg"
            data-testid="printer-cancel"
            onClick={() => setFallback(null)}
            disabled={pending}
          >
            {t('issue.printerCancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary btn-lg"
            data-testid="printer-onscreen"
            disabled={pending}
            onClick={() => void run(fallback.path, fallback.body, true)}
          >
            {pending ? t('issue.taking') : t('issue.printerConfirm')}
          </button>
        </>
      }
    >
      <div className="dialog-icon">
        <IconAlert size={72} />
      </div>
      <p data-testid="printer-dialog-body">
        {t('issue.printerBody', { status: t(`printer.${fallback.status}`, { defaultValue: fallback.status }), helpDesk: k.hall.helpDesk })}
      </p>
      <p className="dialog-ask">{t('issue.printerAsk')}</p>
    </Dialog>
  ) : null;

  return {
    pending,
    error,
    dialog,
    take: (target: Target, form?: TicketForm) => run('/tickets', ticketBody(target, k.hall.bundles, form, k.priorityGroup), false),
    checkIn: (by: { code: string } | { idNumber: string }) => run('/appointments/check-in', { ...by }, false),
    clearError: () => setError(null),
  };
}
