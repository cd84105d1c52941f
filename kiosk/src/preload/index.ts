/**
 * The kiosk preload (R14): exposes `window.kioskBridge`, a narrow typed API over the allowlisted channels of
 * `shared/ipc.ts`, and nothing else — no `ipcRenderer`, no Node. Runs sandboxed, so it is bundled into one
 * CommonJS file (`dist-main/preload/index.cjs`, see kiosk/README.md); `electron` is the only require.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, type IdReaderState, type KioskBridge, type KioskInfo, type PrinterState, type ScannedCard } from '../shared/ipc.ts';

type PushChannel = typeof IPC.PrinterStatusChanged | typeof IPC.CardScanned | typeof IPC.IdReaderChanged;

function subscribe<T>(channel: PushChannel, cb: (payload: T) => void): () => void {
  const listener = (_e: IpcRendererEvent, payload: T) => cb(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const bridge = {
  getInfo: () => ipcRenderer.invoke(IPC.GetInfo) as Promise<KioskInfo>,
  getPrinterStatus: () => ipcRenderer.invoke(IPC.GetPrinterStatus) as Promise<PrinterState>,
  onPrinterStatus: (cb: (s: PrinterState) => void) => subscribe(IPC.PrinterStatusChanged, cb),
  onCardScanned: (cb: (card: ScannedCard) => void) => subscribe(IPC.CardScanned, cb),
  onIdReaderChanged: (cb: (s: IdReaderState) => void) => subscribe(IPC.IdReaderChanged, cb),
  sessionEnded: () => ipcRenderer.send(IPC.SessionEnded),
} satisfies KioskBridge;

contextBridge.exposeInMainWorld('kioskBridge', bridge);
