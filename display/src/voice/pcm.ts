/**
 * Joining recorded clips into one sentence, as plain sample arithmetic (pure, unit-tested). Playing ten
 * clips as ten `<audio>` elements leaves ~120 ms of decoder delay and event latency between words (choppy,
 * and the overlap trap QSystem's SoundPlayer warns about); one joined buffer plays as one sound.
 */

/** Drops leading and trailing samples quieter than `threshold` (MP3 encoder delay and padding). */
export function trimSilence(samples: Float32Array, threshold = 0.01): Float32Array {
  let start = 0;
  let end = samples.length;
  while (start < end && Math.abs(samples[start] as number) < threshold) start += 1;
  while (end > start && Math.abs(samples[end - 1] as number) < threshold) end -= 1;
  return samples.subarray(start, end);
}

/** Concatenates the parts with `gap` samples of silence between them. */
export function joinWithGaps(parts: readonly Float32Array[], gap: number): Float32Array {
  const total = parts.reduce((n, p) => n + p.length, 0) + Math.max(0, parts.length - 1) * gap;
  const out = new Float32Array(total);
  let at = 0;
  parts.forEach((p, i) => {
    if (i > 0) at += gap;
    out.set(p, at);
    at += p.length;
  });
  return out;
}

/** A mono 16-bit PCM WAV file of the samples (clamped to [-1, 1]). */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i += 1) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i += 1) {
    const s = Math.max(-1, Math.min(1, samples[i] as number));
    view.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return bytes;
}

/** The bytes behind a URL Vite produced: an inlined `data:` URI (decoded here, since the CSP's
 * connect-src does not allow fetching data: URIs) or a bundled asset fetched from the server. */
export async function urlBytes(url: string, fetcher: typeof fetch = fetch): Promise<ArrayBuffer> {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const meta = url.slice(5, comma);
    const payload = url.slice(comma + 1);
    if (meta.endsWith(';base64')) {
      const bin = atob(payload);
      const out = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
      return out.buffer;
    }
    return new TextEncoder().encode(decodeURIComponent(payload)).buffer as ArrayBuffer;
  }
  const res = await fetcher(url);
  if (!res.ok) throw new Error(`clip ${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}
