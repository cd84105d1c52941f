/**
 * Main-side IPC: registers only the allowlisted channels of `shared/ipc.ts` and answers only the kiosk
 * window's own top frame on the kiosk origin (R14: reject senders from unknown frames). Written against
 * small structural interfaces so it is tested with fakes instead of Electron.
 */
import { INVOKE_CHANNELS, IPC, SEND_CHANNELS, type KioskInfo, type PrinterState } from '../shared/ipc.ts';

export interface IpcSenderEvent {
  /** URL of the frame that sent the message (Electron: `event.senderFrame?.url`). */
  frameUrl: string | null;
  /** True when the sender is the kiosk window's main frame. */
  isKioskWindow: boolean;
}

/** What the router needs from `ipcMain`, adapted in main.ts. */
export interface IpcMainLike {
  handle(channel: string, fn: (e: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, fn: (e: IpcSenderEvent, ...args: unknown[]) => void): void;
}

export interface IpcHandlers {
  getInfo(): KioskInfo | Promise<KioskInfo>;
  getPrinterStatus(): PrinterState | Promise<PrinterState>;
  sessionEnded(): void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`refused ${channel} from an untrusted frame`);
    this.name = 'UntrustedSenderError';
  }
}

export function isTrustedSender(e: IpcSenderEvent, kioskOrigin: string): boolean {
  if (!e.isKioskWindow || !e.frameUrl) return false;
  try {
    return new URL(e.frameUrl).origin === kioskOrigin;
  } catch {
    return false;
  }
}

/** Registers every allowlisted channel; returns the channel names registered (for the startup log). */
export function registerIpc(ipc: IpcMainLike, kioskOrigin: string, handlers: IpcHandlers): string[] {
  const invoke: Record<(typeof INVOKE_CHANNELS)[number], () => unknown> = {
    [IPC.GetInfo]: () => handlers.getInfo(),
    [IPC.GetPrinterStatus]: () => handlers.getPrinterStatus(),
  };
  const send: Record<(typeof SEND_CHANNELS)[number], () => void> = {
    [IPC.SessionEnded]: () => handlers.sessionEnded(),
  };
  for (const channel of INVOKE_CHANNELS) {
    ipc.handle(channel, (e) => {
      if (!isTrustedSender(e, kioskOrigin)) throw new UntrustedSenderError(channel);
      return invoke[channel]();
    });
  }
  for (const channel of SEND_CHANNELS) {
    ipc.on(channel, (e) => {
      if (isTrustedSender(e, kioskOrigin)) send[channel]();
    });
  }
  return [...INVOKE_CHANNELS, ...SEND_CHANNELS];
}
