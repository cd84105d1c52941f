/**
 * The calls the "正在呼叫" panels show: only calls that are still true. A call is live while its ticket is
 * `called` at that window, as the window's current ticket says; it leaves the panel when the citizen arrives
 * (办理中: the window's tile then shows the number as being served), when the ticket is finished, marked 过号
 * or transferred, and when the window closes, signs out or pauses (a window holds no ticket then).
 *
 * Windows come from the hall stream (snapshot and batches), so the panel is right after a reload or a
 * reconnect too. Pure: unit-tested.
 */
import type { CallAnnouncement, WindowState } from '@hall/contract';

/**
 * Live calls, newest first: for each window calling a ticket, the latest call of that ticket there (from the
 * stream's recent calls), or one made from the window when the call is older than the recent list.
 */
export function liveCalls(
  windows: readonly WindowState[],
  recentCalls: readonly CallAnnouncement[],
  keep: (c: CallAnnouncement) => boolean = () => true,
): CallAnnouncement[] {
  const latest = new Map<string, CallAnnouncement>();
  for (const c of recentCalls) {
    const key = `${c.windowId}|${c.ticketId}`;
    const seen = latest.get(key);
    if (!seen || c.id > seen.id) latest.set(key, c);
  }
  const out: CallAnnouncement[] = [];
  for (const w of windows) {
    const t = w.currentTicket;
    if (!t || t.status !== 'called') continue;
    const call = latest.get(`${w.id}|${t.id}`) ?? {
      id: 0,
      ticketId: t.id,
      number: t.number,
      windowId: w.id,
      windowName: w.name,
      windowNumber: w.number,
      at: t.calledAt ?? '',
      isRecall: t.callCount > 1,
    };
    if (keep(call)) out.push(call);
  }
  // Newest first: by call id (stream order), calls older than the recent list by their time.
  return out.sort((a, b) => b.id - a.id || b.at.localeCompare(a.at));
}
