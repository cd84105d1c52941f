import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { hallOpening, type CallAnnouncement } from '@hall/contract';
import { useHallStream, type HallStreamOptions } from '@hall/ui';
import { callIsShown, selectCategories, selectWindows, type DisplayOptions } from './display-options.ts';
import { useHallInfo } from './hall-info.ts';
import { liveCalls } from './live-calls.ts';
import type { VoiceController } from './voice/voice-controller.ts';
import { CallHero } from './board/CallHero.tsx';
import { ClosedBoard, HoursStrip } from './board/ClosedBoard.tsx';
import { Header } from './board/Header.tsx';
import { NoticeTicker } from './board/NoticeTicker.tsx';
import { QueueBoard } from './board/QueueBoard.tsx';
import { RecentCalls } from './board/RecentCalls.tsx';
import { NoShows, withNoShows, type NoShowEntry } from './board/NoShows.tsx';
import { WindowBoard } from './board/WindowBoard.tsx';
import { useServerNow } from './board/useServerNow.ts';

/**
 * The hall screen (综合屏). State comes only from the hall stream (`HallStream`: snapshot, numbered batches,
 * resync after gaps and reconnects); new calls come only from its `onCall`, which never reports a call
 * from a snapshot, and the voice controller refuses any call it has announced before, even after a reload.
 * Its ticket and window events go to the voice too, so calls no longer true are never voiced, and the call
 * panels show only live calls (live-calls.ts).
 *
 * Opening hours (hours.ts in the contract, on the server's clock): while the hall is closed and nobody is
 * being served or waiting, the board gives way to the closed state (next opening, hours, advice); after the
 * last-ticket time, or after the close while windows still serve, a strip says so above the board.
 */
export function HallDisplay({ options, voice, token }: { options: DisplayOptions; voice: VoiceController; token?: string | undefined }) {
  const onCallRef = useRef<(c: CallAnnouncement) => void>(() => undefined);
  /** Whether a ticket event of a window belongs on this screen (zones). */
  const keepRef = useRef<(windowId: string | null) => boolean>(() => true);
  const [noShows, setNoShows] = useState<NoShowEntry[]>([]);
  const streamOptions = useMemo<HallStreamOptions>(
    () => ({
      namespace: '/display',
      token,
      onCall: (c) => onCallRef.current(c),
      onEvents: (events) => {
        voice.observe(events, (windowId) => keepRef.current(windowId));
        const tickets = events.flatMap((e) => (e.type === 'ticket' && keepRef.current(e.ticket.windowId) ? [e.ticket] : []));
        if (tickets.length > 0) setNoShows((list) => withNoShows(list, tickets));
      },
      onSnapshot: (s) => voice.observeSnapshot(s),
    }),
    [voice, token],
  );
  const { state } = useHallStream(streamOptions);
  const connected = state?.connected ?? false;
  const info = useHallInfo(connected);
  const voiceState = useSyncExternalStore(voice.subscribe, voice.getSnapshot);
  const [flash, setFlash] = useState<{ windowId: string; id: number } | null>(null);
  const portrait = usePortrait();

  useEffect(() => {
    voice.setHallVoice(info?.voice);
  }, [voice, info]);

  const categories = useMemo(() => info?.categories ?? [], [info]);
  const windows = useMemo(() => selectWindows(state?.windows ?? [], options, categories), [state?.windows, options, categories]);
  const shownCategories = useMemo(() => selectCategories(options, categories, windows), [options, categories, windows]);
  const keep = useMemo(() => {
    const ids = new Set(windows.map((w) => w.id));
    return (c: CallAnnouncement) => callIsShown(c, options, ids, categories);
  }, [windows, options, categories]);
  const calls = useMemo(() => liveCalls(windows, state?.recentCalls ?? [], keep), [windows, state?.recentCalls, keep]);
  const now = useServerNow(state?.clockSkewMs ?? 0, 1000);
  const opening = info ? hallOpening(info.hours, now, info.timeZone) : null;
  const busy =
    calls.length > 0 ||
    windows.some((w) => w.currentTicket !== null) ||
    (state?.queues ?? []).some((q) => q.waiting > 0 && shownCategories.some((c) => c.id === q.categoryId));
  const closed = opening !== null && state?.ready === true && !opening.open && !busy;
  const strip = opening !== null && !closed && !opening.issuing && (opening.open || busy);

  useLayoutEffect(() => {
    const ids = new Set(windows.map((w) => w.id));
    keepRef.current = (windowId) => windowId === null || ids.has(windowId);
  }, [windows]);

  useLayoutEffect(() => {
    onCallRef.current = (c) => {
      if (!keep(c)) return; // another zone's call: its own screen announces it
      voice.announce(c);
      setFlash({ windowId: c.windowId, id: c.id });
    };
  }, [keep, voice]);

  useEffect(() => {
    if (!voiceState.blocked) return undefined;
    const unlock = () => {
      void voice.unlock();
    };
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, [voice, voiceState.blocked]);

  const latest = calls[0] ?? null;
  return (
    <div
      className={`screen ${portrait ? 'portrait' : 'landscape'}${options.lang === 'en' ? ' lang-en' : ''}${voiceState.blocked ? ' sound-blocked' : ''}${strip ? ' has-strip' : ''}`}
      data-testid="display-screen"
      data-closed={closed ? 'true' : 'false'}
      data-ready={state?.ready ? 'true' : 'false'}
      data-seq={state?.seq ?? 0}
    >
      <Header
        name={info?.name ?? ''}
        nameEn={info?.nameEn}
        timeZone={info?.timeZone ?? 'Asia/Shanghai'}
        clockSkewMs={state?.clockSkewMs ?? 0}
        connected={connected}
        ready={state?.ready ?? false}
        soundBlocked={voiceState.blocked}
        onEnableSound={() => {
          void voice.unlock();
        }}
      />
      {strip && opening ? <HoursStrip opening={opening} /> : null}
      {closed && opening && info ? (
        <main className="main main-closed">
          <ClosedBoard opening={opening} hours={info.hours} helpDesk={info.helpDesk} />
        </main>
      ) : (
        <main className="main">
          <div className={`column column-calls${noShows.length > 0 ? ' has-no-shows' : ''}`}>
            <CallHero
              call={latest}
              flash={latest !== null && flash?.id === latest.id}
              speaking={latest !== null && voiceState.speaking?.ticketId === latest.ticketId}
            />
            <RecentCalls calls={calls.slice(1)} rows={portrait || noShows.length > 0 ? 4 : 6} />
            <NoShows list={noShows} helpDesk={info?.helpDesk ?? '导办台'} />
          </div>
          <div className="column column-hall">
            <WindowBoard windows={windows} categories={categories} flashWindowId={flash?.windowId ?? null} flashKey={flash?.id ?? 0} />
            <QueueBoard categories={shownCategories} queues={state?.queues ?? []} />
          </div>
        </main>
      )}
      <NoticeTicker notices={state?.notices ?? []} />
    </div>
  );
}

function usePortrait(): boolean {
  const query = '(orientation: portrait)';
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
  );
}
