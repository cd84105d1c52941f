/** Live queue figures for screens, from the hall stream (kiosk namespace). */
import type { CategoryQueue, WindowState } from '@hall/contract';
import type { HallState } from '@hall/ui';
import type { HallInfo } from '@hall/contract';

export function queueOf(live: HallState | null, categoryId: string): CategoryQueue | null {
  return live?.queues.find((q) => q.categoryId === categoryId) ?? null;
}

/**
 * Windows that serve a category now (open or paused, allocated to it), by number; when none is allocated,
 * the windows certified for it. Falls back to nothing without the live stream.
 */
export function windowsFor(live: HallState | null, categoryId: string): Array<Pick<WindowState, 'id' | 'name' | 'number' | 'zone'>> {
  const all = live?.windows ?? [];
  const serving = all.filter((w) => w.status !== 'closed' && w.allocation.includes(categoryId));
  const list = serving.length > 0 ? serving : all.filter((w) => w.skills.includes(categoryId));
  return [...list].sort((a, b) => a.number - b.number);
}

/** "1、2、5 号窗口" / "Windows 1, 2, 5". */
export function windowsText(ws: ReadonlyArray<{ number: number }>, lang: 'zh' | 'en'): string {
  if (ws.length === 0) return '';
  const nums = ws.map((w) => w.number);
  return lang === 'zh' ? `${nums.join('、')} 号窗口` : `Window${nums.length > 1 ? 's' : ''} ${nums.join(', ')}`;
}

/** Zones of the windows ("一楼 A 区") for directions, without duplicates. */
export function zonesOf(ws: ReadonlyArray<{ zone?: string | null | undefined }>): string[] {
  return [...new Set(ws.map((w) => (w.zone ?? '').replace(/（.*?）/g, '').trim()).filter((z) => z !== ''))];
}

export function categoryOf(hall: HallInfo, id: string) {
  return hall.categories.find((c) => c.id === id);
}
