import { describe, expect, it } from 'vitest';
import { FakeBus, settle } from '../bus/fake-bus.ts';
import { Cmd } from '../bus/frame.ts';
import { CallerKeypad, KEY_ACTIONS, KEY_CODES, type KeyPress } from './caller-keypad.ts';
import { RatingKeypad, type Rating } from './rating-keypad.ts';

const key = (seq: number, code: number, arg = 0) => ({ addr: 205, cmd: Cmd.KEY, seq, args: Uint8Array.of(code, arg) });
const rate = (seq: number, level: number, reasons = 0) => ({ addr: 5, cmd: Cmd.RATING, seq, args: Uint8Array.of(level, reasons) });

describe('CallerKeypad', () => {
  it('maps key codes 0x01..0x09 to actions and back', () => {
    for (const [code, action] of Object.entries(KEY_ACTIONS)) expect(KEY_CODES[action]).toBe(Number(code));
    expect(Object.keys(KEY_ACTIONS)).toHaveLength(9);
  });

  it('onEvent() reports transfer with the target window number', () => {
    const got: KeyPress[] = [];
    const k = new CallerKeypad(
      new FakeBus(),
      205,
      (p) => got.push(p),
      () => {},
    );
    k.onEvent(key(3, 0x09, 12));
    k.onEvent(key(4, 0x04));
    expect(got).toEqual([
      { action: 'transfer', arg: 12, seq: 3 },
      { action: 'finish', arg: 0, seq: 4 },
    ]);
  });

  it('onEvent() drops unknown key codes and non-KEY events with a log line', () => {
    const got: KeyPress[] = [];
    const logs: string[] = [];
    const k = new CallerKeypad(
      new FakeBus(),
      205,
      (p) => got.push(p),
      (m) => logs.push(m),
    );
    k.onEvent(key(1, 0x00));
    k.onEvent({ addr: 205, cmd: Cmd.RATING, seq: 2, args: Uint8Array.of(5, 0) });
    expect(got).toEqual([]);
    expect(logs).toHaveLength(2);
  });

  it('show() puts text on the keypad display and re-sends it after offline', async () => {
    const bus = new FakeBus();
    const k = new CallerKeypad(
      bus,
      205,
      () => {},
      () => {},
    );
    k.show('A012 等3人');
    await settle();
    k.onStatus(true, 'offline');
    await settle();
    expect(bus.cmds()).toEqual([Cmd.SHOW, Cmd.SHOW]);
    expect(k.shownText).toBe('A012 等3人');
  });
});

describe('RatingKeypad', () => {
  it('request() sends RATING_REQUEST with the ticket in ASCII; cancel() sends RATING_CANCEL', async () => {
    const bus = new FakeBus();
    const r = new RatingKeypad(
      bus,
      5,
      () => {},
      () => {},
    );
    r.request('A012');
    await settle();
    expect(String.fromCharCode(...(bus.requests[0]?.data ?? []))).toBe('A012');
    expect(r.litFor).toBe('A012');
    r.cancel();
    await settle();
    expect(bus.cmds()).toEqual([Cmd.RATING_REQUEST, Cmd.RATING_CANCEL]);
    expect(r.litFor).toBeNull();
  });

  it('cancel() before any request sends nothing', async () => {
    const bus = new FakeBus();
    new RatingKeypad(
      bus,
      5,
      () => {},
      () => {},
    ).cancel();
    await settle();
    expect(bus.requests).toEqual([]);
  });

  it('onEvent() reports level and reasons, marks the keypad dark, and drops levels outside 1..5', async () => {
    const bus = new FakeBus();
    const got: Rating[] = [];
    const r = new RatingKeypad(
      bus,
      5,
      (x) => got.push(x),
      () => {},
    );
    r.request('A012');
    await settle();
    r.onEvent(rate(0, 6));
    r.onEvent(rate(1, 1, 0b1000_0001));
    expect(got).toEqual([{ level: 1, reasons: 0x81, seq: 1 }]);
    expect(r.litFor).toBeNull();
    await settle();
    expect(bus.cmds()).toEqual([Cmd.RATING_REQUEST]); // the keypad went dark by itself: no CANCEL
    r.onStatus(true, 'offline'); // back from offline: make sure it is dark
    await settle();
    expect(bus.cmds()).toEqual([Cmd.RATING_REQUEST, Cmd.RATING_CANCEL]);
  });

  it('re-lights the keypad for the pending ticket when it returns from offline', async () => {
    const bus = new FakeBus();
    const r = new RatingKeypad(
      bus,
      5,
      () => {},
      () => {},
    );
    r.request('B007');
    await settle();
    r.onStatus(true, 'offline');
    await settle();
    expect(bus.cmds()).toEqual([Cmd.RATING_REQUEST, Cmd.RATING_REQUEST]);
  });
});
