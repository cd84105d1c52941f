/**
 * The slip's 评价校验码: four digits printed under the QR code and shown on the phone page. With the ticket
 * number it proves at a kiosk that the person rating holds the slip (or the phone page) — the number alone
 * is public (the hall screen shows it, the voice reads it out) and is never enough.
 *
 * The code is an HMAC-SHA256 of the ticket's token under the hall's secret (kept in the settings table), so
 * it cannot be worked out from the number, and nobody without the token or the secret can compute it. Four
 * digits are guessable only by trying, which the kiosk guard (kiosk-guard.ts) limits per kiosk and per ticket.
 */
import { createHmac } from 'node:crypto';

export const CHECK_CODE_DIGITS = 4;

export function ratingCheckCode(token: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(`rating-check:${token}`).digest();
  return String(mac.readUInt32BE(0) % 10 ** CHECK_CODE_DIGITS).padStart(CHECK_CODE_DIGITS, '0');
}
