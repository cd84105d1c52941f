import { describe, expect, it } from 'vitest';
import { FakeBus, settle } from '../bus/fake-bus.ts';
import { Cmd, decodeShowText } from '../bus/frame.ts';
import { LedStrip } from './led-strip.ts';

describe('LedStrip', () => {
  it('show() sends SHOW with GB18030 text as an idempotent (retried) request', async () => {
    const bus = new FakeBus();
    const strip = new LedStrip(bus, 105, () => {});
    strip.show('A012 请到5号窗口');
    await settle();
    expect(bus.requests).toHaveLength(1);
    expect(bus.requests[0]).toMatchObject({ addr: 105, cmd: Cmd.SHOW, retry: true });
    expect(decodeShowText(bus.requests[0]?.data ?? new Uint8Array())).toBe('A012 请到5号窗口');
    expect(strip.view).toEqual({ text: 'A012 请到5号窗口', brightness: null });
  });

  it('show(null) and show("") blank the strip with CLEAR', async () => {
    const bus = new FakeBus();
    const strip = new LedStrip(bus, 105, () => {});
    strip.show(null);
    await settle();
    strip.show('A');
    await settle();
    strip.show('');
    await settle();
    expect(bus.cmds()).toEqual([Cmd.CLEAR, Cmd.SHOW, Cmd.CLEAR]);
  });

  it('re-sends text and brightness after the strip returns from offline, not after a first answer', async () => {
    const bus = new FakeBus();
    const strip = new LedStrip(bus, 105, () => {});
    strip.setBrightness(20);
    strip.show('暂停服务');
    await settle();
    expect(bus.requests[0]?.data).toEqual(Uint8Array.of(15)); // clamped
    strip.onStatus(true, 'unknown');
    await settle();
    expect(bus.requests).toHaveLength(2);
    strip.onStatus(false, 'online');
    strip.onStatus(true, 'offline');
    await settle();
    expect(bus.cmds()).toEqual([Cmd.BRIGHTNESS, Cmd.SHOW, Cmd.BRIGHTNESS, Cmd.SHOW]);
  });

  it('keeps undelivered text and sends it when the strip answers again', async () => {
    const bus = new FakeBus();
    bus.script = [{ ok: false, reason: 'offline' }];
    const logs: string[] = [];
    const strip = new LedStrip(bus, 105, (m) => logs.push(m));
    strip.show('A013');
    await settle();
    expect(logs.some((l) => l.includes('not delivered (offline)'))).toBe(true);
    strip.onStatus(true, 'offline');
    await settle();
    expect(bus.cmds()).toEqual([Cmd.SHOW, Cmd.SHOW]);
  });

  it('sends only the newest text after the one in flight (latest wins)', async () => {
    const bus = new FakeBus();
    const strip = new LedStrip(bus, 105, () => {});
    strip.show('1');
    strip.show('2');
    strip.show('3');
    await settle();
    await settle();
    expect(bus.requests.map((r) => decodeShowText(r.data))).toEqual(['1', '3']);
  });

  it('alert() is sent once, not retried and not remembered', async () => {
    const bus = new FakeBus();
    const strip = new LedStrip(bus, 105, () => {});
    await strip.alert(3);
    strip.onStatus(true, 'offline');
    await settle();
    expect(bus.requests).toEqual([{ addr: 105, cmd: Cmd.ALERT, data: Uint8Array.of(3), retry: false }]);
  });
});
