/**
 * Wires the announcer to the browser: picks the player (a local Chinese system voice, else the bundled
 * clips), applies the hall's voice settings with the URL's overrides, remembers announced calls in
 * sessionStorage, and notices when the browser blocks sound. One per page.
 *
 * The hall stream's ticket and window events reach the announcer (`observe`, `observeSnapshot`), so a call
 * that is no longer true is never voiced.
 *
 * Tests read `window.__hallAnnouncer`: the announcement log (with drops and their reasons), what is pending,
 * the mode, whether sound is blocked and the most sounds ever playing at once (must stay 1).
 */
import type { CallAnnouncement, HallEvent, HallInfo, HallSnapshot } from '@hall/contract';
import { Announcer, type AnnouncementPlayer, type AnnouncementRecord } from './announcer.ts';
import { probeAudio } from './audio-unlock.ts';
import { ClipPlayer, isNotAllowed, soundMeter, type PlaybackSettings } from './clip-player.ts';
import { CLIP_URLS } from './clips.ts';
import { SessionSeenStore } from './session-seen-store.ts';
import { findChineseVoice, SpeechPlayer } from './speech-player.ts';
import type { DisplayOptions } from '../display-options.ts';

export type VoiceSettings = HallInfo['voice'];
export type ActiveMode = 'pending' | 'tts' | 'clips' | 'off';

export const DEFAULT_VOICE: VoiceSettings = {
  template: '请 {number} 号到 {window} 号窗口办理',
  repeat: 2,
  rate: 0.9,
  volume: 1,
  chime: true,
  briefTemplate: '{number} 号到 {window} 号窗口',
  noShowTemplate: '',
};

export interface VoiceSnapshot {
  mode: ActiveMode;
  blocked: boolean;
  /** The call being announced now. */
  speaking: CallAnnouncement | null;
}

export interface AnnouncerProbe {
  readonly log: readonly AnnouncementRecord[];
  readonly pending: number;
  readonly mode: ActiveMode;
  readonly blocked: boolean;
  readonly maxConcurrentSounds: number;
}

declare global {
  interface Window {
    __hallAnnouncer?: AnnouncerProbe;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => clearTimeout(t), { once: true });
  });
}

export class VoiceController {
  readonly announcer: Announcer;
  private hallVoice: VoiceSettings = DEFAULT_VOICE;
  private readonly clips: ClipPlayer;
  private speech: SpeechPlayer | null = null;
  /** Chrome refuses `speechSynthesis.speak` before a user gesture even where autoplay is allowed (kiosk flag). */
  private speechRefused = false;
  private snapshot: VoiceSnapshot;
  private readonly listeners = new Set<() => void>();
  private warnedWords = false;

  constructor(private readonly overrides: DisplayOptions['voice']) {
    this.snapshot = { mode: overrides.mode === 'off' ? 'off' : 'pending', blocked: false, speaking: null };
    this.clips = new ClipPlayer(
      CLIP_URLS,
      () => this.playback(),
      (words) => {
        if (!this.warnedWords) console.warn(`[display] no voice clip for: ${words.join('')} (template words are skipped)`);
        this.warnedWords = true;
      },
    );
    const player: AnnouncementPlayer = {
      chime: (rate) => this.player().chime(rate),
      say: async (call, given) => {
        const p = this.player();
        // A 过号 is said with the hall's 过号 sentence ("{number} 号已过号"), once.
        const style = call.kind === 'no_show' ? { ...given, template: this.hallVoice.noShowTemplate ?? '' } : given;
        try {
          await p.say(call, style);
        } catch (err) {
          if (p !== this.speech || !isNotAllowed(err)) throw err;
          // The system voice needs a gesture: say it with the clips now, and until someone touches the screen.
          this.speechRefused = true;
          window.addEventListener(
            'pointerdown',
            () => {
              this.speechRefused = false;
            },
            { once: true },
          );
          await this.clips.say(call, style);
        }
      },
      stop: () => this.player().stop(),
    };
    this.announcer = new Announcer({
      player,
      settings: () => ({
        repeat: this.overrides.repeat ?? this.hallVoice.repeat,
        chime: this.overrides.chime ?? this.hallVoice.chime,
        rate: this.overrides.rate ?? this.hallVoice.rate,
        template: this.hallVoice.template,
        briefTemplate: this.hallVoice.briefTemplate ?? DEFAULT_VOICE.briefTemplate,
      }),
      // A system voice speaks about as fast as the clips; the clips' lengths are the better estimate.
      durations: {
        sayMs: (call, template, rate) =>
          this.clips.sayMs(
            call,
            template === 'brief' ? (this.hallVoice.briefTemplate ?? DEFAULT_VOICE.briefTemplate) : this.hallVoice.template,
            rate,
          ),
        chimeMs: (rate) => this.clips.chimeMs(rate),
      },
      now: Date.now,
      sleep,
      seen: new SessionSeenStore(),
      onChange: () => {
        if (!this.announcer.isSpeaking && this.snapshot.speaking) this.update({ speaking: null });
        else this.emit();
      },
      onStart: (call) => {
        if (this.snapshot.speaking?.ticketId !== call.ticketId) this.update({ speaking: call });
      },
      onStepError: (err) => {
        if (isNotAllowed(err)) this.update({ blocked: true });
      },
    });
    window.__hallAnnouncer = Object.defineProperties({} as AnnouncerProbe, {
      log: { get: () => this.announcer.log, enumerable: true },
      pending: { get: () => this.announcer.pending, enumerable: true },
      mode: { get: () => this.snapshot.mode, enumerable: true },
      blocked: { get: () => this.snapshot.blocked, enumerable: true },
      maxConcurrentSounds: { get: () => soundMeter.maxActive, enumerable: true },
    });
  }

  /** Chooses the player and checks whether sound is allowed. */
  async start(): Promise<void> {
    if (this.overrides.mode === 'off') return;
    this.clips.preload();
    const [voice, audio] = await Promise.all([
      this.overrides.mode === 'clips' ? Promise.resolve(null) : findChineseVoice(window.speechSynthesis),
      probeAudio(),
    ]);
    this.update({ mode: 'clips', blocked: audio === 'blocked' });
    if (voice) this.useVoice(voice);
    else if (this.overrides.mode !== 'clips' && window.speechSynthesis) {
      // Some systems load their voices late (or a voice pack gets installed): switch when one appears.
      const synth = window.speechSynthesis;
      const retry = () => {
        void findChineseVoice(synth, 0).then((v) => {
          if (!v || this.speech) return;
          synth.removeEventListener('voiceschanged', retry);
          this.useVoice(v);
        });
      };
      synth.addEventListener('voiceschanged', retry);
    }
  }

  private useVoice(voice: SpeechSynthesisVoice): void {
    this.speech = new SpeechPlayer(window.speechSynthesis, voice, this.clips, () => this.playback());
    this.update({ mode: 'tts' });
  }

  setHallVoice(v: VoiceSettings | undefined): void {
    if (v) this.hallVoice = v;
  }

  /** Queues a new call (from the stream's batches only). Never twice for the same call, even across reloads. */
  announce(call: CallAnnouncement): void {
    if (this.snapshot.mode === 'off') {
      this.announcer.markSeen([call]);
      return;
    }
    this.announcer.enqueue(call);
  }

  /**
   * Ticket and window events of a hall-stream batch (before its calls are announced). A 过号 drops the
   * ticket's pending calls (the schedule sees the status); when the hall has a 过号 sentence it is queued
   * after them ("A012 已过号"), once per 过号.
   */
  observe(events: readonly HallEvent[], keep: (windowId: string | null) => boolean = () => true): void {
    for (const e of events) {
      if (e.type === 'ticket') {
        this.announcer.observeTicket(e.ticket);
        if (e.ticket.status === 'no_show' && e.ticket.finishedAt && this.hallVoice.noShowTemplate && keep(e.ticket.windowId))
          this.announce({
            id: Date.parse(e.ticket.finishedAt),
            ticketId: `no-show:${e.ticket.id}`,
            number: e.ticket.number,
            windowId: '',
            windowName: '',
            windowNumber: 0,
            at: e.ticket.finishedAt,
            isRecall: false,
            kind: 'no_show',
          });
      } else if (e.type === 'window') this.announcer.observeWindow(e.window);
    }
  }

  /** A (re)synchronising snapshot: its windows say which calls are still true. */
  observeSnapshot(s: HallSnapshot): void {
    for (const w of s.windows) this.announcer.observeWindow(w);
  }

  /** After a click: the browser now allows sound. */
  async unlock(): Promise<void> {
    const audio = await probeAudio();
    if (audio === 'allowed') this.update({ blocked: false });
  }

  getSnapshot = (): VoiceSnapshot => this.snapshot;

  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  };

  private player(): AnnouncementPlayer {
    return this.speech && !this.speechRefused ? this.speech : this.clips;
  }

  private playback(): PlaybackSettings {
    return { volume: this.overrides.volume ?? this.hallVoice.volume };
  }

  private update(patch: Partial<VoiceSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
