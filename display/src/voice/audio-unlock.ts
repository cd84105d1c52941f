/**
 * Browsers block sound until the page has had a user gesture (Chrome's autoplay policy; kiosk builds pass
 * `--autoplay-policy=no-user-gesture-required`). `probeAudio` plays 50 ms of silence to find out without
 * making a sound; once someone has clicked the page, the block is lifted for good.
 */

/** A 50 ms silent 8 kHz mono WAV as a data: URI (the CSP allows `media-src data:`). */
function silentWav(): string {
  const samples = 400;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i += 1) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  text(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `data:audio/wav;base64,${btoa(bin)}`;
}

const SILENCE = silentWav();

/** 'allowed' when sound can play now, 'blocked' when the browser wants a user gesture first. */
export async function probeAudio(): Promise<'allowed' | 'blocked'> {
  const el = new Audio(SILENCE);
  el.volume = 0.01;
  try {
    await el.play();
    return 'allowed';
  } catch (err) {
    return err instanceof Error && err.name === 'NotAllowedError' ? 'blocked' : 'allowed';
  } finally {
    el.pause();
  }
}
