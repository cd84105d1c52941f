/**
 * The kiosk's IPC contract (R14): every channel between the Electron main process and the renderer is
 * named here, once. Main registers exactly these; the preload exposes exactly these through
 * `window.kioskBridge`, checked with `satisfies KioskBridge`. The renderer also runs in a plain browser, where
 * the bridge is absent and it falls back to a keyboard-wedge reader and the server's printer status.
 *
 * This file is shared by main, preload and renderer, so it imports nothing at runtime.
 */

export const IPC = {
  /** invoke → KioskInfo */
  GetInfo: 'kiosk:get-info',
  /** invoke → PrinterState */
  GetPrinterStatus: 'kiosk:get-printer-status',
  /** main → renderer: PrinterState whenever it changes */
  PrinterStatusChanged: 'kiosk:printer-status-changed',
  /** main → renderer: ScannedCard when a card is placed on the ID reader */
  CardScanned: 'kiosk:card-scanned',
  /** main → renderer: IdReaderState when the reader attaches or fails */
  IdReaderChanged: 'kiosk:id-reader-changed',
  /** send: the renderer went home after a session (idle or done); main may release device state */
  SessionEnded: 'kiosk:session-ended',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** Channels the renderer may `invoke` (main answers). */
export const INVOKE_CHANNELS = [IPC.GetInfo, IPC.GetPrinterStatus] as const satisfies readonly IpcChannel[];
/** Channels the renderer may `send` (fire and forget). */
export const SEND_CHANNELS = [IPC.SessionEnded] as const satisfies readonly IpcChannel[];
/** Channels main pushes to the renderer. */
export const PUSH_CHANNELS = [IPC.PrinterStatusChanged, IPC.CardScanned, IPC.IdReaderChanged] as const satisfies readonly IpcChannel[];

/** What a 二代证 reader yields. Personal data: held in memory for one session, never logged. */
export interface ScannedCard {
  name: string;
  idNumber: string;
  address: string;
}

export type PrinterStatusValue = 'ok' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'unknown';
export interface PrinterState {
  printerId: string | null;
  status: PrinterStatusValue;
}

export interface IdReaderState {
  kind: 'none' | 'serial' | 'fake';
  connected: boolean;
}

export interface KioskInfo {
  kioskId: string;
  /** Version of the shell, for the support page. */
  shellVersion: string;
  idReader: IdReaderState;
}

/** The object the preload exposes as `window.kioskBridge`. Subscriptions return an unsubscribe function. */
export interface KioskBridge {
  getInfo(): Promise<KioskInfo>;
  getPrinterStatus(): Promise<PrinterState>;
  onPrinterStatus(cb: (s: PrinterState) => void): () => void;
  onCardScanned(cb: (card: ScannedCard) => void): () => void;
  onIdReaderChanged(cb: (s: IdReaderState) => void): () => void;
  sessionEnded(): void;
}

declare global {
  interface Window {
    /** Present only inside the Electron shell. */
    kioskBridge?: KioskBridge;
  }
}
