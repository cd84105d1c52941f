import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallAnnouncement } from '@hall/contract';
import type { ClipPlayer } from './clip-player.ts';
import { findChineseVoice, SpeechPlayer } from './speech-player.ts';

type Utterance = SpeechSynthesisUtterance & { text: string };

function fakeSynth(voices: Array<Partial<SpeechSynthesisVoice>>) {
  const spoken: Utterance[] = [];
  let cancelled = 0;
  const listeners = new Set<() => void>();
  const synth = {
    getVoices: () => voices as SpeechSynthesisVoice[],
    speak: (u: Utterance) => {
      spoken.push(u);
    },
    cancel: () => {
      cancelled += 1;
    },
    addEventListener: (_: string, cb: () => void) => {
      listeners.add(cb);
    },
    removeEventListener: (_: string, cb: () => void) => {
      listeners.delete(cb);
    },
  };
  return {
    synth: synth as unknown as SpeechSynthesis,
    spoken,
    cancelled: () => cancelled,
    fireVoicesChanged: () => {
      for (const l of [...listeners]) l();
    },
    setVoices: (v: typeof voices) => {
      voices = v;
    },
  };
}

const utter = (text: string) => ({ text, onend: null, onerror: null }) as unknown as SpeechSynthesisUtterance;
const call: CallAnnouncement = {
  id: 7,
  ticketId: 't',
  number: 'A012',
  windowId: 'W05',
  windowName: '5号窗口',
  windowNumber: 5,
  at: '2026-05-12T09:00:00+08:00',
  isRecall: false,
};
const settings = () => ({ volume: 1 });
const STYLE = { template: '请 {number} 号到 {window} 号窗口办理', rate: 0.9 };
const chimes = { chime: async () => undefined, stop: () => undefined } as unknown as ClipPlayer;
const zh = { name: 'Ting-Ting', lang: 'zh-CN', localService: true } as SpeechSynthesisVoice;

describe('findChineseVoice', () => {
  it('takes a local zh-CN voice and never a cloud one', async () => {
    expect(
      await findChineseVoice(
        fakeSynth([
          { name: 'Google 普通话', lang: 'zh-CN', localService: false },
          { name: 'en', lang: 'en-US', localService: true },
        ]).synth,
      ),
    ).toBeNull();
    expect((await findChineseVoice(fakeSynth([{ name: 'Google', lang: 'zh-CN', localService: false }, zh]).synth))?.name).toBe('Ting-Ting');
    expect((await findChineseVoice(fakeSynth([{ name: 'eSpeak', lang: 'cmn', localService: true }]).synth))?.name).toBe('eSpeak');
  });

  it('waits for the voice list when it loads late', async () => {
    const f = fakeSynth([]);
    const found = findChineseVoice(f.synth, 10_000);
    f.setVoices([zh]);
    f.fireVoicesChanged();
    expect((await found)?.name).toBe('Ting-Ting');
  });
});

describe('SpeechPlayer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('speaks the hall template with the number read digit by digit, and resolves at the end', async () => {
    const f = fakeSynth([zh]);
    const p = new SpeechPlayer(f.synth, zh, chimes, settings, utter);
    const done = p.say(call, STYLE);
    const u = f.spoken[0] as Utterance;
    expect(u.text).toBe('请 A零一二 号到 五 号窗口办理');
    expect(u.rate).toBe(0.9);
    u.onend?.({} as SpeechSynthesisEvent);
    await expect(done).resolves.toBeUndefined();
  });

  it('reports a blocked voice as NotAllowedError', async () => {
    const f = fakeSynth([zh]);
    const done = new SpeechPlayer(f.synth, zh, chimes, settings, utter).say(call, STYLE);
    (f.spoken[0] as Utterance).onerror?.({ error: 'not-allowed' } as SpeechSynthesisErrorEvent);
    await expect(done).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('cancels an utterance that never ends', async () => {
    const f = fakeSynth([zh]);
    const done = new SpeechPlayer(f.synth, zh, chimes, settings, utter).say(call, STYLE);
    const check = expect(done).rejects.toThrow('did not end');
    await vi.advanceTimersByTimeAsync(60_000);
    await check;
    expect(f.cancelled()).toBe(1);
  });
});
