/**
 * Autostart. The .deb installs /etc/xdg/autostart/hall-kiosk.desktop (electron-builder.yml, `deb.fpm`), so
 * the kiosk starts with the session of the kiosk account. An AppImage has no installer: on its first run it
 * writes the same entry to ~/.config/autostart, pointing at the AppImage's own path (`$APPIMAGE`).
 */
export function autostartEntry(exec: string, args: readonly string[] = []): string {
  const quoted = [exec, ...args].map((a) => (/[\s"'\\]/.test(a) ? `"${a.replace(/(["\\])/g, '\\$1')}"` : a)).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=HallKiosk',
    'Name[zh_CN]=政务服务自助终端',
    'Comment=Government service hall kiosk (starts with the session)',
    `Exec=${quoted}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'X-GNOME-Autostart-Delay=5',
    '',
  ].join('\n');
}

/** The file an AppImage should write, or null when it needs none (not an AppImage, or not Linux). */
export function appImageAutostart(env: NodeJS.ProcessEnv, platform: string, home: string): { path: string; text: string } | null {
  const image = env.APPIMAGE;
  if (platform !== 'linux' || !image) return null;
  const dir = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : `${home}/.config`;
  return { path: `${dir}/autostart/hall-kiosk.desktop`, text: autostartEntry(image) };
}
