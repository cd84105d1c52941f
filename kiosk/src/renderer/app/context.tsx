/** What every screen needs: hall data, device token, printer, live queues, navigation and the UI mode. */
import { createContext, useContext } from 'react';
import type { HallInfo } from '@hall/contract';
import type { HallState } from '@hall/ui';
import type { NavAction, Route } from './routes.ts';
import type { KioskParams } from './params.ts';

export type HallService = HallInfo['services'][number];
export type HallCategory = HallInfo['categories'][number];
export type HallBundle = HallInfo['bundles'][number];

export interface PrinterView {
  printerId: string | null;
  status: string;
  canPrint: boolean;
}

export interface KioskCtx {
  params: KioskParams;
  hall: HallInfo;
  token: string;
  printer: PrinterView;
  live: HallState | null;
  route: Route;
  nav: (a: NavAction) => void;
  elderly: boolean;
  setElderly: (on: boolean) => void;
  /** The 绿色通道 group chosen for this session's ticket (a `settings.priorityGroups` id), or null. */
  priorityGroup: string | null;
  setPriorityGroup: (id: string | null) => void;
  lang: 'zh' | 'en';
  /** Speaks in elderly mode only. */
  say: (text: string) => void;
  showHelp: () => void;
  refreshPrinter: () => void;
  /** Ends the session now: home, forget everything. */
  endSession: () => void;
}

export const KioskContext = createContext<KioskCtx | null>(null);

export function useKiosk(): KioskCtx {
  const c = useContext(KioskContext);
  if (!c) throw new Error('useKiosk outside KioskContext');
  return c;
}

/** Localised name of a config item: its English name in English mode when the hall gives one. */
export function nameOf(x: { name: string; nameEn?: string | undefined }, lang: 'zh' | 'en'): string {
  return lang === 'en' && x.nameEn ? x.nameEn : x.name;
}
