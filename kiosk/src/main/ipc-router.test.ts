import { describe, expect, it } from 'vitest';
import { IPC, INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc.ts';
import { isTrustedSender, registerIpc, UntrustedSenderError, type IpcMainLike, type IpcSenderEvent } from './ipc-router.ts';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (e: IpcSenderEvent, ...a: unknown[]) => unknown>();
  readonly listeners = new Map<string, (e: IpcSenderEvent, ...a: unknown[]) => void>();
  handle(ch: string, fn: (e: IpcSenderEvent, ...a: unknown[]) => unknown) {
    this.handlers.set(ch, fn);
  }
  on(ch: string, fn: (e: IpcSenderEvent, ...a: unknown[]) => void) {
    this.listeners.set(ch, fn);
  }
}

const origin = 'http://10.0.0.5:8080';
const kioskFrame: IpcSenderEvent = { frameUrl: 'http://10.0.0.5:8080/kiosk?kiosk=KIOSK1', isKioskWindow: true };

function setup() {
  const ipc = new FakeIpcMain();
  let ended = 0;
  const channels = registerIpc(ipc, origin, {
    getInfo: () => ({ kioskId: 'KIOSK1', shellVersion: '0.1.0', idReader: { kind: 'fake', connected: true } }),
    getPrinterStatus: () => ({ printerId: 'K1', status: 'paper-out' }),
    sessionEnded: () => {
      ended++;
    },
  });
  return { ipc, channels, ended: () => ended };
}

describe('registerIpc()', () => {
  it('registers exactly the allowlisted channels of shared/ipc.ts', () => {
    const { ipc, channels } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect([...ipc.listeners.keys()].sort()).toEqual([...SEND_CHANNELS].sort());
    expect(channels).toHaveLength(INVOKE_CHANNELS.length + SEND_CHANNELS.length);
  });

  it('answers the kiosk window on the kiosk origin', async () => {
    const { ipc } = setup();
    expect(await ipc.handlers.get(IPC.GetPrinterStatus)?.(kioskFrame)).toEqual({ printerId: 'K1', status: 'paper-out' });
    expect(await ipc.handlers.get(IPC.GetInfo)?.(kioskFrame)).toMatchObject({ kioskId: 'KIOSK1' });
  });

  it('refuses senders from another origin, another window or a subframe', () => {
    const { ipc, ended } = setup();
    const h = ipc.handlers.get(IPC.GetInfo);
    expect(() => h?.({ frameUrl: 'https://evil.example/kiosk', isKioskWindow: true })).toThrow(UntrustedSenderError);
    expect(() => h?.({ frameUrl: kioskFrame.frameUrl, isKioskWindow: false })).toThrow(UntrustedSenderError);
    expect(() => h?.({ frameUrl: null, isKioskWindow: true })).toThrow(UntrustedSenderError);
    ipc.listeners.get(IPC.SessionEnded)?.({ frameUrl: 'https://evil.example/', isKioskWindow: true });
    expect(ended()).toBe(0);
    ipc.listeners.get(IPC.SessionEnded)?.(kioskFrame);
    expect(ended()).toBe(1);
  });
});

describe('isTrustedSender()', () => {
  it('is false for an unparsable frame URL', () => {
    expect(isTrustedSender({ frameUrl: '::', isKioskWindow: true }, origin)).toBe(false);
  });
});
