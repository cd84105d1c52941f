/**
 * What a keyboard-wedge device typed: an ID-card reader types the 18-character number, a QR scanner types
 * the ticket URL (`…/t/<token>`), a person may type a ticket number or an appointment code.
 */
export type ScanResult =
  | { kind: 'ticket-token'; token: string }
  | { kind: 'resident-id'; idNumber: string }
  | { kind: 'ticket-number'; number: string }
  | { kind: 'code'; code: string }
  | { kind: 'unknown' };

export function classifyScan(raw: string): ScanResult {
  const line = raw.trim();
  const url = /\/t\/([A-Za-z0-9_-]{10,100})\/?(?:[?#].*)?$/.exec(line);
  if (url?.[1]) return { kind: 'ticket-token', token: url[1] };
  if (/^\d{17}[\dXx]$/.test(line)) return { kind: 'resident-id', idNumber: line.toUpperCase() };
  if (/^[A-Za-z]{1,2}\d{3,4}$/.test(line)) return { kind: 'ticket-number', number: line.toUpperCase() };
  if (/^[A-Za-z0-9-]{4,40}$/.test(line)) return { kind: 'code', code: line.toUpperCase() };
  return { kind: 'unknown' };
}
