/** The pure parts of the ingest: batch checks and the contiguous ack with its holes. */
import { describe, expect, it } from 'vitest';
import { checkBatch, contiguity } from './ingest.ts';
import { plainEvents } from '../testing/events.ts';

describe('contiguity', () => {
  it('acks up to the first hole and lists every hole above', () => {
    expect(contiguity(0, [1, 2, 3])).toEqual({ ackSeq: 3, maxSeq: 3, missing: [] });
    expect(contiguity(0, [2, 3, 7])).toEqual({
      ackSeq: 0,
      maxSeq: 7,
      missing: [
        { from: 1, to: 1 },
        { from: 4, to: 6 },
      ],
    });
    expect(contiguity(10, [11, 13])).toEqual({ ackSeq: 11, maxSeq: 13, missing: [{ from: 12, to: 12 }] });
    expect(contiguity(5, [])).toEqual({ ackSeq: 5, maxSeq: 5, missing: [] });
  });
});

describe('checkBatch', () => {
  const batch = (events = plainEvents(1, 3)) => ({ hallId: 'h1', epoch: 'epoch-0001', events });
  it('accepts a well-formed batch of the key’s hall', () => {
    expect(checkBatch('h1', batch())).toBeNull();
  });
  it('names the first seq that breaks a rule', () => {
    expect(checkBatch('h2', batch())).toMatchObject({ code: 'UPLINK_HALL_MISMATCH', params: { hallId: 'h1' } });
    const [a, b] = plainEvents(1, 2);
    expect(checkBatch('h1', batch([b!, a!]))).toMatchObject({ code: 'UPLINK_NOT_ASCENDING', params: { seq: 1 } });
    expect(checkBatch('h1', batch([a!, a!]))).toMatchObject({ code: 'UPLINK_NOT_ASCENDING', params: { seq: 1 } });
    const changed = { ...b!, at: b!.at + 1 };
    expect(checkBatch('h1', batch([a!, changed]))).toMatchObject({ code: 'UPLINK_BAD_HASH', params: { seq: 2 } });
  });
});
