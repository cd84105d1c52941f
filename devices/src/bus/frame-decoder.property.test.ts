import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, type Frame } from './frame.ts';

const frameArb = fc.record({
  addr: fc.integer({ min: 0, max: 247 }),
  cmd: fc.integer({ min: 0, max: 255 }),
  data: fc.uint8Array({ maxLength: 250 }),
});
/** Garbage rich in STX (0x02) and ETX (0x03) to exercise resync. */
const garbageArb = fc.array(fc.oneof(fc.constant(0x02), fc.constant(0x03), fc.integer({ min: 0, max: 255 })), { maxLength: 30 });

type Piece = { kind: 'frame'; frame: Frame; corrupt: number | null } | { kind: 'garbage'; bytes: number[] };

const pieceArb: fc.Arbitrary<Piece> = fc.oneof(
  fc.record({ kind: fc.constant('frame' as const), frame: frameArb, corrupt: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ kind: fc.constant('garbage' as const), bytes: garbageArb }),
);

function bytesOf(p: Piece): Uint8Array {
  if (p.kind === 'garbage') return Uint8Array.from(p.bytes);
  const f = encodeFrame(p.frame);
  if (p.corrupt === null) return f;
  // Damage one byte after STX (ADDR..ETX), always to a different value.
  const at = 1 + (p.corrupt % (f.length - 1));
  f[at] = ((f[at] ?? 0) + 1 + (p.corrupt % 255)) & 0xff;
  return f;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('FrameDecoder properties', () => {
  it('decodes exactly the undamaged frames from any mix of frames, damaged frames and garbage, in any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(pieceArb, { maxLength: 25 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        (pieces, cuts) => {
          const stream = concat(pieces.map(bytesOf));
          const expected = pieces.flatMap((p) => (p.kind === 'frame' && p.corrupt === null ? [p.frame] : []));
          const d = new FrameDecoder();
          const got: Frame[] = [];
          let pos = 0;
          for (let i = 0; pos < stream.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            got.push(...d.push(stream.slice(pos, pos + size)));
            pos += size;
          }
          got.push(...d.flush());
          expect(got.map(show)).toEqual(expected.map(show));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws and never returns an invalid frame on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const d = new FrameDecoder();
        const got = [...chunks.flatMap((c) => d.push(c)), ...d.flush()];
        for (const f of got) expect(encodeFrame(f).length).toBe(f.data.length + 7);
        expect(d.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});

function show(f: Frame): string {
  return `${f.addr}/${f.cmd}/${Array.from(f.data).join(',')}`;
}
