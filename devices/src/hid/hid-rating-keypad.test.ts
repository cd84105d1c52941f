import { describe, expect, it } from 'vitest';
import type { Clock } from '../clock.ts';
import { HidRatingKeypad, PressDetector } from './hid-rating-keypad.ts';
import { MockHidTransport } from './mock-hid-transport.ts';

/**
 * Report sequences as a keypad sends them: `[ms since start, report hex]`. Report layout of the fixture
 * keypad: byte 0 report ID (0x01), byte 1 level (0 released, 1..5 pressed), byte 2 unused.
 */
const FIXTURES: Record<string, Array<[number, string]>> = {
  'one clean press of 5': [
    [0, '01 00 00'],
    [500, '01 05 00'],
    [620, '01 00 00'],
  ],
  'bounce 0→3→0→3 within a few ms': [
    [0, '01 00 00'],
    [100, '01 03 00'],
    [102, '01 00 00'],
    [104, '01 03 00'],
    [105, '01 00 00'],
    [107, '01 03 00'],
    [260, '01 00 00'],
    [262, '01 03 00'],
    [263, '01 00 00'],
  ],
  'held key repeating its report': [
    [0, '01 00 00'],
    [100, '01 02 00'],
    ...Array.from({ length: 40 }, (_, i): [number, string] => [110 + i * 10, '01 02 00']),
    [600, '01 00 00'],
  ],
  'two real presses of the same key': [
    [0, '01 00 00'],
    [100, '01 04 00'],
    [190, '01 00 00'],
    [290, '01 04 00'],
    [380, '01 00 00'],
  ],
  'fast double tap (70 ms released)': [
    [0, '01 05 00'],
    [80, '01 00 00'],
    [150, '01 05 00'],
    [230, '01 00 00'],
  ],
  'a different key just after a release': [
    [0, '01 05 00'],
    [80, '01 00 00'],
    [90, '01 01 00'],
    [200, '01 00 00'],
  ],
  'rolling from one key to another without release': [
    [0, '01 03 00'],
    [100, '01 04 00'],
    [200, '01 00 00'],
  ],
  'noise: short report and out-of-range level': [
    [0, '01'],
    [10, '01 09 00'],
    [20, '01 00 00'],
    [30, '01 02 00'],
  ],
};

const EXPECTED: Record<keyof typeof FIXTURES, number[]> = {
  'one clean press of 5': [5],
  'bounce 0→3→0→3 within a few ms': [3],
  'held key repeating its report': [2],
  'two real presses of the same key': [4, 4],
  'fast double tap (70 ms released)': [5, 5],
  'a different key just after a release': [5, 1],
  'rolling from one key to another without release': [3],
  'noise: short report and out-of-range level': [2],
};

function replay(reports: Array<[number, string]>, debounceMs?: number): { levels: number[]; logs: string[] } {
  let now = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: () => {
      throw new Error('unused');
    },
    clearTimeout: () => {},
  };
  const transport = new MockHidTransport();
  const levels: number[] = [];
  const logs: string[] = [];
  new HidRatingKeypad({
    transport,
    levelByte: 1,
    clock,
    log: (m) => logs.push(m),
    onRating: (r) => levels.push(r.level),
    ...(debounceMs === undefined ? {} : { debounceMs }),
  });
  for (const [t, hex] of reports) {
    now = t;
    transport.emitReport(hex);
  }
  return { levels, logs };
}

describe('HidRatingKeypad', () => {
  for (const [name, reports] of Object.entries(FIXTURES)) {
    it(`counts ${JSON.stringify(EXPECTED[name])} for the recording "${name}"`, () => {
      expect(replay(reports).levels).toEqual(EXPECTED[name]);
    });
  }

  it('logs reports it cannot read', () => {
    expect(replay(FIXTURES['noise: short report and out-of-range level'] ?? []).logs).toHaveLength(2);
  });

  it('counts bounce as presses when debouncing is off (shows the fixture really bounces)', () => {
    expect(replay(FIXTURES['bounce 0→3→0→3 within a few ms'] ?? [], 0).levels).toEqual([3, 3, 3, 3]);
  });
});

describe('PressDetector', () => {
  it('feed() counts the first press when no report came before (keypads report on change)', () => {
    expect(new PressDetector().feed(3, 0)).toBe(3);
  });

  it('feed() keeps suppressing while a bounce goes on', () => {
    const d = new PressDetector(50);
    const got = [d.feed(2, 0), d.feed(0, 40), d.feed(2, 80), d.feed(0, 120), d.feed(2, 160)];
    expect(got).toEqual([2, null, null, null, null]);
    expect([d.feed(0, 300), d.feed(2, 351)]).toEqual([null, 2]);
  });
});
