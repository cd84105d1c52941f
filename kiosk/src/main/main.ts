/**
 * The kiosk shell's composition root (Electron main process). Thin on purpose: policy lives in
 * `lockdown.ts`, `crash-policy.ts`, `ipc-router.ts`, devices in `id-card-reader.ts` and
 * `printer-status.ts`, all tested without Electron. This file only wires them to the real APIs.
 *
 * Kiosk lockdown: fullscreen `kiosk` window without frame or menu; shortcuts swallowed; navigation off the
 * kiosk page refused; `window.open` denied; every permission request denied; context isolation + sandbox,
 * no Node in the page; one instance only; a dead renderer is reloaded and a dying main relaunches the app.
 */
import { app, BrowserWindow, ipcMain, Menu, session, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { appImageAutostart } from './autostart.ts';
import { CrashPolicy, loadOutcome, parseRelaunchHistory, relaunchDelay, retryDelayMs, type RendererGoneReason } from './crash-policy.ts';
import { FakeIdCardReader, NoIdCardReader, SamIdCardReader, serialLink, type IdCardReader } from './id-card-reader.ts';
import { registerIpc, type IpcSenderEvent } from './ipc-router.ts';
import { isAllowedNavigation, isBlockedShortcut, kioskWindowOptions, offlinePageUrl } from './lockdown.ts';
import { createLogger } from './log.ts';
import { PrinterStatusPoller } from './printer-status.ts';
import { parseShellArgs, ShellConfigError, type ShellConfig } from './shell-config.ts';
import { IPC, type IdReaderState } from '../shared/ipc.ts';

const log = createLogger('kiosk:main');

let relaunching = false;
/** Relaunches the app, after a back-off when it has relaunched several times lately (crash-policy.ts). */
function relaunch(reason: string): void {
  if (relaunching) return;
  relaunching = true;
  let delayMs = 0;
  try {
    const file = join(app.getPath('userData'), 'relaunches.json');
    const r = relaunchDelay(parseRelaunchHistory(existsSync(file) ? readFileSync(file, 'utf8') : null), Date.now());
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(r.history));
    delayMs = r.delayMs;
  } catch {
    /* no history: relaunch at once */
  }
  log.error('relaunching the kiosk shell', { reason, delayMs });
  setTimeout(() => {
    app.relaunch();
    app.exit(1);
  }, delayMs);
}

process.on('uncaughtException', (err) => relaunch(`uncaught: ${err.message}`));
process.on('unhandledRejection', (err) => relaunch(`unhandled rejection: ${(err as Error)?.message ?? String(err)}`));

function createReader(cfg: ShellConfig): IdCardReader {
  switch (cfg.idReader.type) {
    case 'serial':
      return new SamIdCardReader({ open: serialLink(cfg.idReader.path, cfg.idReader.baudRate) });
    case 'fake':
      return new FakeIdCardReader();
    case 'none':
      return new NoIdCardReader();
  }
}

async function start(): Promise<void> {
  let cfg: ShellConfig;
  try {
    cfg = parseShellArgs(process.argv.slice(1), process.env);
  } catch (err) {
    // A wrong flag does not heal by relaunching: say so and stop.
    if (err instanceof ShellConfigError) {
      log.error('bad start-up flags; not relaunching', { error: err.message });
      app.exit(2);
      return;
    }
    throw err;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  Menu.setApplicationMenu(null);
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  app.commandLine.appendSwitch('disable-pinch');
  app.commandLine.appendSwitch('overscroll-history-navigation', '0');
  await app.whenReady();
  const autostart = appImageAutostart(process.env, process.platform, homedir());
  if (autostart && !existsSync(autostart.path)) {
    try {
      mkdirSync(dirname(autostart.path), { recursive: true });
      writeFileSync(autostart.path, autostart.text);
    } catch (err) {
      log.warn('could not write the autostart entry', { error: (err as Error).message });
    }
  }

  // Deny every permission (camera, notifications, geolocation …); speech synthesis needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  // Applies to every web contents the app ever creates, including any a bug might open.
  app.on('web-contents-created', (_e, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e, url) => {
      if (!isAllowedNavigation(url, cfg.origin)) {
        e.preventDefault();
        log.warn('navigation refused', { url: new URL(url).origin });
      }
    });
    contents.on('will-redirect', (e, url) => {
      if (!isAllowedNavigation(url, cfg.origin)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
    contents.on('before-input-event', (e, input) => {
      if (!cfg.dev && isBlockedShortcut(input)) e.preventDefault();
    });
  });

  const preload = join(import.meta.dirname, '../preload/index.cjs');
  const win = new BrowserWindow(kioskWindowOptions(preload, cfg.dev));
  win.webContents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  win.once('ready-to-show', () => win.show());
  win.on('close', (e) => {
    if (!cfg.dev) e.preventDefault();
  });

  // Devices.
  const printer = new PrinterStatusPoller({ origin: cfg.origin, printerId: cfg.printerId, fetch: (u) => fetch(u) });
  let readerState: IdReaderState = { kind: cfg.idReader.type, connected: false };
  const reader = createReader(cfg);
  const push = (channel: string, payload: unknown) => {
    if (!win.isDestroyed()) win.webContents.send(channel, payload);
  };

  const registered = registerIpc(
    {
      handle: (ch, fn) => ipcMain.handle(ch, (e: IpcMainInvokeEvent, ...a: unknown[]) => fn(senderOf(e, win), ...a)),
      on: (ch, fn) => ipcMain.on(ch, (e: IpcMainEvent, ...a: unknown[]) => fn(senderOf(e, win), ...a)),
    },
    cfg.origin,
    {
      getInfo: () => ({ kioskId: cfg.kioskId, shellVersion: app.getVersion(), idReader: readerState }),
      getPrinterStatus: () => printer.current,
      sessionEnded: () => undefined,
    },
  );
  log.info('ipc channels registered', { channels: registered });

  printer.onChange((s) => push(IPC.PrinterStatusChanged, s));
  printer.start();
  await reader.start(
    (card) => push(IPC.CardScanned, card),
    (s) => {
      readerState = s;
      push(IPC.IdReaderChanged, s);
      log.info('id reader state', { kind: s.kind, connected: s.connected });
    },
  );

  // Crashes and failed loads.
  const crashes = new CrashPolicy();
  let loadAttempt = 0;
  const loadKiosk = () => {
    void win.loadURL(cfg.url).catch(() => undefined);
  };
  win.webContents.on('render-process-gone', (_e, details) => {
    const action = crashes.onRendererGone(details.reason as RendererGoneReason, Date.now());
    log.error('renderer gone', { reason: details.reason, action, recent: crashes.recentFailures });
    if (action === 'reload') loadKiosk();
    else if (action === 'relaunch') relaunch(`renderer failed ${crashes.recentFailures} times`);
  });
  win.on('unresponsive', () => {
    const action = crashes.onRendererGone('unresponsive', Date.now());
    if (action === 'relaunch') relaunch('renderer unresponsive');
    else win.webContents.forcefullyCrashRenderer();
  });
  win.webContents.on('did-fail-load', (_e, code, desc, url, isMainFrame) => {
    if (!isMainFrame || code === -3 /* aborted by a newer navigation */) return;
    const delay = retryDelayMs(loadAttempt++);
    log.warn('kiosk page failed to load', { code, desc, origin: safeOrigin(url), retryInMs: delay });
    void win.loadURL(offlinePageUrl(Math.round(delay / 1000))).catch(() => undefined);
    setTimeout(loadKiosk, delay);
  });
  let lastLoadFailed = false;
  win.webContents.on('did-navigate', (_e, url, httpStatus) => {
    lastLoadFailed = loadOutcome(url, httpStatus, cfg.origin) === 'retry';
    if (!lastLoadFailed) return;
    const delay = retryDelayMs(loadAttempt++);
    log.warn('kiosk page answered with a server error', { status: httpStatus, retryInMs: delay });
    void win.loadURL(offlinePageUrl(Math.round(delay / 1000))).catch(() => undefined);
    setTimeout(loadKiosk, delay);
  });
  win.webContents.on('did-finish-load', () => {
    if (!lastLoadFailed && win.webContents.getURL().startsWith(cfg.origin)) loadAttempt = 0;
  });
  app.on('child-process-gone', (_e, details) => {
    if (details.type === 'GPU') log.warn('gpu process gone', { reason: details.reason });
  });
  app.on('before-quit', () => {
    printer.stop();
    void reader.stop();
  });

  loadKiosk();
}

function senderOf(e: IpcMainEvent | IpcMainInvokeEvent, win: BrowserWindow): IpcSenderEvent {
  const frame = e.senderFrame;
  return {
    frameUrl: frame?.url ?? null,
    isKioskWindow:
      !win.isDestroyed() && BrowserWindow.fromWebContents(e.sender) === win && frame !== null && frame === win.webContents.mainFrame,
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid';
  }
}

void start().catch((err: Error) => relaunch(`startup failed: ${err.message}`));
