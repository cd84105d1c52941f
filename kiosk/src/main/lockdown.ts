/**
 * Kiosk lockdown policy. A public terminal must never leave the kiosk page: no menus, no devtools, no
 * reload or zoom shortcuts, no new windows, no navigation to another origin, no permission prompts, no
 * Node in the renderer. Everything here is pure (inputs in, decisions out) so it is unit-tested without
 * Electron; `main.ts` applies it to the real window.
 */

/** The subset of Electron's `Input` that shortcut filtering reads. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * True when the renderer may navigate to `target`: same origin as the kiosk page and under `/kiosk`
 * (the phone page `/t/…` and the consoles are for other devices).
 */
export function isAllowedNavigation(target: string, kioskOrigin: string): boolean {
  let u: URL;
  try {
    u = new URL(target);
  } catch {
    return false;
  }
  if (u.origin !== kioskOrigin) return false;
  return u.pathname === '/kiosk' || u.pathname.startsWith('/kiosk/');
}

const BLOCKED_PLAIN_KEYS = new Set([
  'F1',
  'F3',
  'F5',
  'F6',
  'F7',
  'F10',
  'F11',
  'F12',
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'ContextMenu',
]);
/** With Ctrl or Cmd: reload, close, quit, print, find, new window/tab, devtools, view source, zoom, save, open, history. */
const BLOCKED_CTRL_KEYS = new Set([
  'r',
  'w',
  'q',
  'p',
  'f',
  'g',
  'n',
  't',
  'i',
  'j',
  'u',
  's',
  'o',
  'h',
  'l',
  'e',
  'k',
  'd',
  '+',
  '=',
  '-',
  '_',
  '0',
  'tab',
  'pageup',
  'pagedown',
]);

/**
 * True for key combinations the shell swallows. Plain typing (letters, digits, Enter, Backspace) passes:
 * keyboard-wedge ID and QR readers type into the page.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  if (BLOCKED_PLAIN_KEYS.has(input.key)) return true;
  if (input.alt && (input.key === 'F4' || input.key === 'ArrowLeft' || input.key === 'ArrowRight' || input.key === 'Home')) return true;
  if (input.alt && !input.control && !input.meta && input.key.length === 1) return true; // menu accelerators
  if (input.control || input.meta) return BLOCKED_CTRL_KEYS.has(input.key.toLowerCase());
  return false;
}

/** Security-relevant web preferences of the kiosk window (R14). */
export function secureWebPreferences(preloadPath: string, dev: boolean) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    sandbox: true,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: dev,
    disableDialogs: true,
    autoplayPolicy: 'no-user-gesture-required' as const,
    backgroundThrottling: false,
  };
}

/** BrowserWindow options: fullscreen kiosk, no frame, no menu bar (windowed with `--dev`). */
export function kioskWindowOptions(preloadPath: string, dev: boolean) {
  return {
    width: 1080,
    height: 1920,
    show: false,
    kiosk: !dev,
    fullscreen: !dev,
    frame: dev,
    autoHideMenuBar: true,
    backgroundColor: '#f3f6fa',
    title: '自助服务终端',
    webPreferences: secureWebPreferences(preloadPath, dev),
  };
}

/** The page shown while the hall server cannot be reached; main retries the real page on a timer. */
export function offlinePageUrl(retrySeconds: number): string {
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>连接中</title>
<body style="margin:0;height:100vh;display:flex;align-items:center;justify-content:center;background:#0b4ea2;color:#fff;font-family:'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;text-align:center">
<div><p style="font-size:56px;margin:0 0 24px">系统连接中，请稍候</p><p style="font-size:32px;margin:0 0 12px">如需办理业务，请到一楼导办台</p>
<p style="font-size:24px;opacity:.8">Connecting to the hall server… retrying every ${retrySeconds} s. Please ask at the help desk.</p></div></body></html>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
