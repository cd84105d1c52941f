import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CallAnnouncement } from '@hall/contract';
import { useHallStream, type HallStreamOptions } from '@hall/ui';
import { callIsShown, selectCategories, selectWindows, todaysCalls, type DisplayOptions } from './display-options.ts';
import { useHallInfo } from './hall-info.ts';
import type { VoiceController } from './voice/voice-controller.ts';
import { CallHero } from './board/CallHero.tsx';
import { Header } from './board/Header.tsx';
import { NoticeTicker } from './board/NoticeTicker.tsx';
import { QueueBoard } from './board/QueueBoard.tsx';
import { RecentCalls } from './board/RecentCalls.tsx';
import { WindowBoard } from './board/WindowBoard.tsx';

/**
 * The hall screen (综合屏). State comes only from the hall stream (`HallStream`: snapshot, numbered batches,
 * resync after gaps and reconnects); new calls come only from its `onCall`, which never reports a call
 * from a snapshot, and the voice controller refuses any call it has announced before, even after a reload.
 */
export function HallDisplay({ options, voice }: { options: DisplayOptions; voice: VoiceController }) {
  const onCallRef = useRef<(c: CallAnnouncement) => void>(() => undefined);
  const streamOptions = useMemo<HallStreamOptions>(() => ({ namespace: '/display', onCall: (c) => onCallRef.current(c) }), []);
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
  const calls = useMemo(
    () => todaysCalls(state?.recentCalls ?? [], state?.businessDate ?? '', keep),
    [state?.recentCalls, state?.businessDate, keep],
  );

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
      className={`screen ${portrait ? 'portrait' : 'landscape'}${voiceState.blocked ? ' sound-blocked' : ''}`}
      data-testid="display-screen"
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
      <main className="main">
        <div className="column column-calls">
          <CallHero
            call={latest}
            flash={latest !== null && flash?.id === latest.id}
            speaking={latest !== null && voiceState.speaking?.ticketId === latest.ticketId}
          />
          <RecentCalls calls={calls.slice(1)} rows={portrait ? 4 : 6} />
        </div>
        <div className="column column-hall">
          <WindowBoard windows={windows} categories={categories} flashWindowId={flash?.windowId ?? null} flashKey={flash?.id ?? 0} />
          <QueueBoard categories={shownCategories} queues={state?.queues ?? []} />
        </div>
      </main>
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
