/** Who is acting, and the shape of every command's answer. Shared by every module that changes the hall. */
import type { Failure } from '@hall/contract';
import type { TokenRole } from '../db/account-repository.ts';

/** Who is acting, and from where: recorded on every audited event. */
export interface Actor {
  kind: 'user' | 'device' | 'keypad' | 'system';
  /** Username, device id, keypad id or 'system'. */
  id: string;
  role: TokenRole | 'system';
  /** A keypad acts only for its own window. */
  windowId?: string;
  /** e.g. `rest 192.168.1.20`, `keypad bus1/205`, `scheduler`. */
  source: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', role: 'system', source: 'scheduler' };

export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export function isSupervisor(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.role === 'supervisor' || actor.role === 'admin');
}
