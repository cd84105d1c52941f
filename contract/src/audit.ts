/**
 * Every kind of fact the hall's audit log (`event_log`) records. One list, so a reader of the log (the
 * supervisor's audit screen, reports, the central server) knows every type there can be, and a writer
 * cannot invent one by a typo. Names are `resource.verb_past` (R6 for stored facts).
 */
export const AUDIT_EVENT_TYPES = [
  // tickets (data.ticket carries the ticket's pseudonymous facts after the change: see network.ts)
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no_show',
  'ticket.suspended',
  'ticket.resumed',
  'ticket.transferred',
  'ticket.requeued',
  'ticket.cancelled',
  'ticket.day_closed',
  'ticket.released',
  'ticket.matter_updated',
  'ticket.passed_on',
  // windows
  'window.signed_in',
  'window.signed_out',
  'window.handed_over',
  'window.paused',
  'window.resumed',
  'window.allocation_changed',
  'window.allocation_reverted',
  'window.called_empty',
  // the hall
  'hall.day_closed',
  'hall.retention_applied',
  'hall.notices_changed',
  'hall.settings_changed',
  'kiosk.guide_printed',
  'appointments.imported',
  'appointment.missed',
  // 好差评
  'rating.created',
  'rating.not_rated',
  'rectification.opened',
  'rectification.advanced',
  'rectification.overdue',
  'rectification.appealed',
  'rectification.appeal_decided',
  'rating.followed_up',
  'province.code_set',
  // security
  'auth.logged_in',
  'auth.login_failed',
  'auth.logged_out',
  'account.created',
  'account.changed',
  'account.disabled',
  'account.enabled',
  'account.password_changed',
  'account.password_reset',
  'device.pairing_code_issued',
  'device.paired',
  'device.revoked',
  'alert.acknowledged',
  // published configuration from the central server (network.ts)
  'config.applied',
  'config.refused',
] as const;

/** The security-relevant types: what `GET /audit?type=security` returns (admins only). */
export const SECURITY_AUDIT_TYPES = [
  'auth.logged_in',
  'auth.login_failed',
  'auth.logged_out',
  'account.created',
  'account.changed',
  'account.disabled',
  'account.enabled',
  'account.password_changed',
  'account.password_reset',
  'device.pairing_code_issued',
  'device.paired',
  'device.revoked',
  'alert.acknowledged',
] as const satisfies readonly (typeof AUDIT_EVENT_TYPES)[number][];

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export function isAuditEventType(v: unknown): v is AuditEventType {
  return typeof v === 'string' && (AUDIT_EVENT_TYPES as readonly string[]).includes(v);
}
