/**
 * Speaks a call with a local Chinese system voice (`speechSynthesis`), chime from the bundled clip. Only
 * voices with `localService` are used: a hall must call numbers with the network down, and Chrome's
 * "Google 普通话" voices are cloud voices.
 *
 * Chrome sometimes never fires `end` for an utterance (long-standing bug with long texts), so each
 * utterance has a watchdog sized from its length; on expiry the synthesiser is cancelled and the call fails.
 */
import type { CallAnnouncement } from '@hall/contract';
import type { AnnouncementPlayer, SayStyle } from './announcer.ts';
import { soundStarted, type ClipPlayer, type PlaybackSettings } from './clip-player.ts';
import { speechText } from './spoken.ts';

/** A local zh-CN voice (zh / cmn accepted), waiting up to `waitMs` for the voice list to load. */
export function findChineseVoice(synth: SpeechSynthesis | undefined, waitMs = 1500): Promise<SpeechSynthesisVoice | null> {
  if (!synth) return Promise.resolve(null);
  const pick = (): SpeechSynthesisVoice | null => {
    const local = synth.getVoices().filter((v) => v.localService);
    const norm = (lang: string) => lang.replace('_', '-').toLowerCase();
    return local.find((v) => norm(v.lang) === 'zh-cn') ?? local.find((v) => /^(zh|cmn)(-hans)?(-cn)?$/.test(norm(v.lang))) ?? null;
  };
  const now = pick();
  if (now || synth.getVoices().length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      synth.removeEventListener('voiceschanged', done);
      clearTimeout(timer);
      resolve(pick());
    };
    const timer = setTimeout(done, waitMs);
    synth.addEventListener('voiceschanged', done);
  });
}

export class SpeechPlayer implements AnnouncementPlayer {
  constructor(
    private readonly synth: SpeechSynthesis,
    private readonly voice: SpeechSynthesisVoice,
    private readonly chimes: ClipPlayer,
    private readonly settings: () => PlaybackSettings,
    private readonly makeUtterance: (text: string) => SpeechSynthesisUtterance = (text) => new SpeechSynthesisUtterance(text),
  ) {}

  chime(rate: number): Promise<void> {
    return this.chimes.chime(rate);
  }

  say(call: CallAnnouncement, { template, rate }: SayStyle): Promise<void> {
    const { volume } = this.settings();
    const text = speechText(template, call);
    const u = this.makeUtterance(text);
    u.voice = this.voice;
    u.lang = this.voice.lang;
    u.rate = Math.min(4, Math.max(0.5, rate));
    u.volume = Math.min(1, Math.max(0, volume));
    return new Promise<void>((resolve, reject) => {
      const ended = soundStarted();
      const finish = (err?: Error) => {
        clearTimeout(timer);
        u.onend = null;
        u.onerror = null;
        ended();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => {
          this.synth.cancel();
          finish(new Error('speech did not end'));
        },
        3000 + (text.length * 450) / u.rate,
      );
      u.onend = () => finish();
      u.onerror = (e) =>
        finish(
          Object.assign(new Error(`speech failed: ${e.error}`), { name: e.error === 'not-allowed' ? 'NotAllowedError' : 'SpeechError' }),
        );
      this.synth.speak(u);
    });
  }

  stop(): void {
    this.synth.cancel();
    this.chimes.stop();
  }
}
