/**
 * The kiosk's screens as data. Navigation is a stack (the on-screen 返回 pops it); going home clears it.
 */
import type { IssuedTicket as Ticket } from '@hall/contract';

/** What a ticket is taken for: one matter, a 一事一次办 bundle, or a whole category (elderly quick path). */
export type Target = { kind: 'service'; serviceId: string } | { kind: 'bundle'; bundleId: string };

export type Purpose = 'ticket' | 'guide';

export type Route =
  | { name: 'home' }
  | { name: 'finder'; purpose: Purpose; tab: 'category' | 'bundle' | 'search' }
  | { name: 'category'; purpose: Purpose; categoryId: string }
  | { name: 'matter'; purpose: Purpose; serviceId: string }
  | { name: 'bundle'; purpose: Purpose; bundleId: string }
  | { name: 'form'; target: Target }
  | { name: 'ticket'; ticket: Ticket; onScreen: boolean; checkIn: boolean }
  | { name: 'checkin' }
  /** 绿色通道: the citizen says which priority group they belong to, then takes a number as usual. */
  | { name: 'priority' }
  | { name: 'rating'; token?: string; number?: string }
  | { name: 'pairing' };

export interface NavState {
  stack: Route[];
}

export type NavAction = { type: 'go'; route: Route } | { type: 'replace'; route: Route } | { type: 'back' } | { type: 'home' };

export const HOME: NavState = { stack: [{ name: 'home' }] };

export function navReducer(s: NavState, a: NavAction): NavState {
  switch (a.type) {
    case 'go':
      return { stack: [...s.stack, a.route] };
    case 'replace':
      return { stack: [...s.stack.slice(0, -1), a.route] };
    case 'back':
      return s.stack.length > 1 ? { stack: s.stack.slice(0, -1) } : s;
    case 'home':
      return HOME;
  }
}

export function current(s: NavState): Route {
  return s.stack[s.stack.length - 1] ?? { name: 'home' };
}
