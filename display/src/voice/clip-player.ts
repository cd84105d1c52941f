/**
 * Plays a call from recorded clips, one `<audio>` element per clip, strictly one after another. Used when the
 * browser has no local Chinese system voice (most kiosk Linux boxes), and for the chime in every mode.
 *
 * - A clip that fails to load or decode is skipped and the sentence goes on; the call fails only when no
 *   clip at all could play. A `NotAllowedError` (autoplay blocked) aborts at once so the page can ask for
 *   a click.
 * - Every clip has its own watchdog (its duration at the current rate plus a second), so a stuck element
 *   cannot hold the queue.
 */
import type { CallAnnouncement } from '@hall/contract';
import type { AnnouncementPlayer } from './announcer.ts';
import { CHIME_CLIP, clipSequence } from './spoken.ts';

export interface PlaybackSettings {
  template: string;
  /** 1 = the recorded speed. */
  rate: number;
  volume: number;
}

/** Sounds playing right now across all players; tests read `maxActive` to prove nothing overlapped. */
export const soundMeter = { active: 0, maxActive: 0, started: 0 };

export function soundStarted(): () => void {
  soundMeter.active += 1;
  soundMeter.started += 1;
  soundMeter.maxActive = Math.max(soundMeter.maxActive, soundMeter.active);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    soundMeter.active -= 1;
  };
}

export function isNotAllowed(err: unknown): boolean {
  return err instanceof Error && err.name === 'NotAllowedError';
}

export class ClipPlayer implements AnnouncementPlayer {
  private readonly elements = new Map<string, HTMLAudioElement>();
  private abortCurrent: (() => void) | null = null;

  constructor(
    private readonly urls: Readonly<Record<string, string>>,
    private readonly settings: () => PlaybackSettings,
    private readonly onMissingWords?: (words: string[]) => void,
  ) {}

  /** Creates (and starts loading) every clip's element, so the first call does not wait for the network. */
  preload(): void {
    for (const name of Object.keys(this.urls)) this.element(name);
  }

  chime(): Promise<void> {
    return this.playClip(CHIME_CLIP);
  }

  async say(call: CallAnnouncement): Promise<void> {
    const { clips, missing } = clipSequence(this.settings().template, call);
    if (missing.length > 0) this.onMissingWords?.(missing);
    let played = 0;
    let lastError: unknown = null;
    for (const clip of clips) {
      try {
        await this.playClip(clip);
        played += 1;
      } catch (err) {
        if (isNotAllowed(err) || (err instanceof Error && err.message === 'stopped')) throw err;
        lastError = err;
      }
    }
    if (played === 0 && clips.length > 0) throw lastError ?? new Error('no clip could play');
  }

  stop(): void {
    this.abortCurrent?.();
  }

  private element(name: string): HTMLAudioElement | null {
    const existing = this.elements.get(name);
    if (existing) return existing;
    const url = this.urls[name];
    if (!url) return null;
    const el = new Audio();
    el.preload = 'auto';
    el.src = url;
    this.elements.set(name, el);
    return el;
  }

  private playClip(name: string): Promise<void> {
    const el = this.element(name);
    if (!el) return Promise.reject(new Error(`no clip "${name}"`));
    const { rate, volume } = this.settings();
    const playbackRate = Math.min(4, Math.max(0.5, rate));
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let ended: (() => void) | null = null;
      const finish = (err?: Error) => {
        if (timer !== undefined) clearTimeout(timer);
        el.removeEventListener('ended', onEnded);
        el.removeEventListener('error', onError);
        if (this.abortCurrent === abort) this.abortCurrent = null;
        ended?.();
        ended = null;
        if (err) reject(err);
        else resolve();
      };
      const onEnded = () => finish();
      const onError = () => finish(new Error(`clip "${name}" failed to load`));
      const abort = () => { el.pause(); finish(new Error('stopped')); };
      el.addEventListener('ended', onEnded);
      el.addEventListener('error', onError);
      this.abortCurrent = abort;
      el.pause();
      el.currentTime = 0;
      el.playbackRate = playbackRate;
      el.preservesPitch = true;
      el.volume = Math.min(1, Math.max(0, volume));
      const expectedMs = Number.isFinite(el.duration) && el.duration > 0 ? (el.duration * 1000) / playbackRate : 4000;
      timer = setTimeout(() => { el.pause(); finish(new Error(`clip "${name}" did not end`)); }, expectedMs + 1000);
      ended = soundStarted();
      el.play().catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
    });
  }
}
