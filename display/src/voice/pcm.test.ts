import { describe, expect, it } from 'vitest';
import { encodeWav, joinWithGaps, trimSilence, urlBytes } from './pcm.ts';

describe('pcm helpers', () => {
  it('trims quiet samples at both ends only', () => {
    const s = Float32Array.from([0, 0.001, 0.5, 0, -0.4, 0.002, 0]);
    expect([...trimSilence(s)]).toEqual([0.5, 0, -0.4].map((x) => Math.fround(x)));
    expect(trimSilence(new Float32Array(5)).length).toBe(0);
  });

  it('joins parts with silent gaps between them, not after the last', () => {
    const out = joinWithGaps([Float32Array.from([1, 1]), Float32Array.from([0.5])], 3);
    expect([...out]).toEqual([1, 1, 0, 0, 0, 0.5]);
  });

  it('encodes a 16-bit mono WAV header and clamped samples', () => {
    const wav = encodeWav(Float32Array.from([0, 1, -1, 2]), 16000);
    const view = new DataView(wav.buffer);
    expect(new TextDecoder().decode(wav.subarray(0, 4))).toBe('RIFF');
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint32(40, true)).toBe(8);
    expect([0, 1, 2, 3].map((i) => view.getInt16(44 + i * 2, true))).toEqual([0, 32767, -32768, 32767]);
  });

  it('reads inlined base64 data: URIs without fetching', async () => {
    const bytes = new Uint8Array(
      await urlBytes('data:audio/mpeg;base64,AAEC', () => {
        throw new Error('no fetch');
      }),
    );
    expect([...bytes]).toEqual([0, 1, 2]);
  });
});
