/**
 * Plays a call from the recorded clips shipped with the page. Used when the browser has no local Chinese
 * system voice (most Linux hall PCs), and for the chime in every mode.
 *
 * The clips of a sentence are decoded once (OfflineAudioContext at 16 kHz), trimmed of MP3 padding, joined
 * with short even pauses and played as ONE sound through an `<audio>` element, which keeps the pitch when
 * the hall slows or speeds the voice (`preservesPitch`). One sound per step means nothing can overlap.
 *
 * - A clip that fails to load or decode is left out and the sentence goes on; the step fails only when no
 *   clip at all is usable. `NotAllowedError` (autoplay blocked) is passed up so the page can ask for a click.
 * - Every sound has a watchdog (its length at the current rate plus 1.5 s) so a stuck element cannot
 *   hold the queue.
 * - `sayMs` / `chimeMs` tell the schedule how long a sentence lasts, from the decoded clips (an estimate of
 *   `FALLBACK_CLIP_MS` per word until they are decoded).
 */
import type { CallAnnouncement } from '@hall/contract';
import type { AnnouncementPlayer, SayStyle } from './announcer.ts';
import { encodeWav, joinWithGaps, trimSilence, urlBytes } from './pcm.ts';
import { CHIME_CLIP, clipSequence } from './spoken.ts';

export interface PlaybackSettings {
  volume: number;
}

const SAMPLE_RATE = 16_000;
/** Pause between words of a sentence. */
const WORD_GAP_SAMPLES = Math.round(SAMPLE_RATE * 0.06);
/** Length of a word whose clip is not decoded yet (the shipped clips are 0.2–0.5 s, one phrase 1.5 s). */
const FALLBACK_CLIP_MS = 350;
const FALLBACK_CHIME_MS = 1620;

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
  private readonly decoded = new Map<string, Promise<Float32Array | null>>();
  /** Trimmed length of each decoded clip, in samples (the chime untrimmed: it is played whole). */
  private readonly lengths = new Map<string, number>();
  private decoder: OfflineAudioContext | null = null;
  private abortCurrent: (() => void) | null = null;
  /** Bumped by stop(): a step still decoding when it was abandoned must not start playing afterwards. */
  private generation = 0;

  constructor(
    private readonly urls: Readonly<Record<string, string>>,
    private readonly settings: () => PlaybackSettings,
    private readonly onMissingWords?: (words: string[]) => void,
  ) {}

  /** Decodes every clip ahead of the first call. */
  preload(): void {
    for (const name of Object.keys(this.urls)) void this.clip(name);
  }

  async chime(rate: number): Promise<void> {
    const generation = this.generation;
    const samples = await this.clip(CHIME_CLIP);
    if (!samples) throw new Error('chime clip unavailable');
    await this.play(samples, generation, rate);
  }

  async say(call: CallAnnouncement, style: SayStyle): Promise<void> {
    const generation = this.generation;
    const { clips, missing } = clipSequence(style.template, call);
    if (missing.length > 0) this.onMissingWords?.(missing);
    const parts = (await Promise.all(clips.map((c) => this.clip(c)))).filter((p): p is Float32Array => p !== null && p.length > 0);
    if (parts.length === 0) throw new Error('no clip of this call could be decoded');
    await this.play(
      joinWithGaps(
        parts.map((p) => trimSilence(p)),
        WORD_GAP_SAMPLES,
      ),
      generation,
      style.rate,
    );
  }

  /** How long `say(call, {template, rate})` plays, ms. */
  sayMs(call: CallAnnouncement, template: string, rate: number): number {
    const { clips } = clipSequence(template, call);
    const samples = clips.reduce((n, c) => n + (this.lengths.get(c) ?? (FALLBACK_CLIP_MS * SAMPLE_RATE) / 1000), 0);
    const gaps = Math.max(0, clips.length - 1) * WORD_GAP_SAMPLES;
    return ((samples + gaps) / SAMPLE_RATE) * (1000 / clampRate(rate));
  }

  chimeMs(rate: number): number {
    const n = this.lengths.get(CHIME_CLIP);
    return (n === undefined ? FALLBACK_CHIME_MS : (n / SAMPLE_RATE) * 1000) / clampRate(rate);
  }

  stop(): void {
    this.generation += 1;
    this.abortCurrent?.();
  }

  /** The clip's samples (mono, 16 kHz), or null when it is missing or does not decode. */
  private clip(name: string): Promise<Float32Array | null> {
    let p = this.decoded.get(name);
    if (!p) {
      const url = this.urls[name];
      p = url
        ? this.decode(url).then(
            (samples) => {
              this.lengths.set(name, name === CHIME_CLIP ? samples.length : trimSilence(samples).length);
              return samples;
            },
            () => null,
          )
        : Promise.resolve(null);
      this.decoded.set(name, p);
    }
    return p;
  }

  private async decode(url: string): Promise<Float32Array> {
    const bytes = await urlBytes(url);
    this.decoder ??= new OfflineAudioContext(1, 1, SAMPLE_RATE);
    const buffer = await this.decoder.decodeAudioData(bytes);
    return buffer.getChannelData(0).slice();
  }

  private play(samples: Float32Array, generation: number, rate: number): Promise<void> {
    if (generation !== this.generation) return Promise.reject(new Error('stopped'));
    const { volume } = this.settings();
    const playbackRate = clampRate(rate);
    const url = URL.createObjectURL(new Blob([encodeWav(samples, SAMPLE_RATE) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
    const el = new Audio();
    return new Promise<void>((resolve, reject) => {
      const ended = soundStarted();
      let settled = false;
      const finish = (err?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        el.onended = null;
        el.onerror = null;
        el.pause();
        el.removeAttribute('src');
        URL.revokeObjectURL(url);
        if (this.abortCurrent === abort) this.abortCurrent = null;
        ended();
        if (err) reject(err);
        else resolve();
      };
      const abort = () => finish(new Error('stopped'));
      const timer = setTimeout(() => finish(new Error('sound did not end')), ((samples.length / SAMPLE_RATE) * 1000) / playbackRate + 1500);
      this.abortCurrent = abort;
      el.onended = () => finish();
      el.onerror = () => finish(new Error('sound failed to play'));
      el.preservesPitch = true;
      el.src = url;
      el.playbackRate = playbackRate;
      el.defaultPlaybackRate = playbackRate;
      el.volume = Math.min(1, Math.max(0, volume));
      el.play().catch((err: unknown) => finish(err instanceof Error ? err : new Error(String(err))));
    });
  }
}

function clampRate(rate: number): number {
  return Math.min(4, Math.max(0.5, rate));
}
