/**
 * The kiosk installer config (electron-builder.yml): `electron-builder --dir` against a stand-in Electron
 * folder (the real binary cannot be downloaded here), then app.asar listed with @electron/asar: the main
 * process, the shared IPC contract, the preload and the kiosk's native runtime modules, nothing else.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type FpmClass = { prototype: { getDefaultDepends(target: string): string[] } };
const ROOT = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

/** The packages the kiosk needs at run time: its dependencies and theirs, from the lock file. */
function runtimeClosure(): Set<string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
  };
  const kiosk = JSON.parse(readFileSync(join(ROOT, 'kiosk/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const out = new Set<string>();
  const queue = Object.keys(kiosk.dependencies);
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    const entry = lock.packages[`node_modules/${name}`];
    for (const d of Object.keys({ ...entry?.dependencies, ...entry?.optionalDependencies })) queue.push(d);
  }
  return out;
}

describe('the kiosk package (electron-builder --dir, stand-in Electron)', () => {
  const work = mkdtempSync(join(tmpdir(), 'kiosk-pkg-'));
  let entries: string[] = [];
  beforeAll(() => {
    const build = spawnSync('npm', ['-w', 'kiosk', 'run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    // A stand-in Electron distribution: an executable named `electron` and a version file.
    const dist = join(work, 'electron-dist');
    mkdirSync(join(dist, 'resources'), { recursive: true });
    copyFileSync('/bin/true', join(dist, 'electron'));
    chmodSync(join(dist, 'electron'), 0o755);
    writeFileSync(join(dist, 'version'), '45.4.1');
    const eb = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/electron-builder/cli.js'),
        '--config',
        'electron-builder.yml',
        '--linux',
        'dir',
        `-c.electronDist=${dist}`,
        '-c.npmRebuild=false',
        `-c.directories.output=${join(work, 'out')}`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true', CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
        timeout: 240_000,
      },
    );
    expect(eb.status, `${eb.stdout}\n${eb.stderr}`).toBe(0);
    entries = listPackage(join(work, 'out/linux-unpacked/resources/app.asar'), { isPack: false }).map((e) => e.replaceAll('\\', '/'));
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('produces the unpacked app with the executable name of the .deb', () => {
    expect(existsSync(join(work, 'out/linux-unpacked/hall-kiosk'))).toBe(true);
    const asar = join(work, 'out/linux-unpacked/resources/app.asar');
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { name: string; main: string; homepage: string };
    expect(pkg.main).toBe('dist-main/main/main.js');
    expect(pkg.homepage).toMatch(/^https:/);
    expect(pkg.name).toBe('hall-kiosk');
  });

  it('app.asar holds main, shared, preload and the runtime modules, and nothing else', () => {
    const allowed = runtimeClosure();
    expect(allowed).toContain('serialport');
    expect(allowed).toContain('node-hid');
    const strays = entries.filter((e) => {
      if (e === '/package.json') return false;
      if (/^\/dist-main(\/(main|shared|preload)(\/[^/]+\.(js|cjs))?)?$/.test(e)) return false;
      const m = /^\/node_modules(?:\/((?:@[^/]+\/)?[^/]+))?/.exec(e);
      if (m)
        return m[1] !== undefined && !m[1].startsWith('@')
          ? !allowed.has(m[1])
          : m[1] !== undefined && !allowed.has(m[1]) && !/^@[^/]+$/.test(m[1]);
      return true;
    });
    expect(strays).toEqual([]);
    for (const must of [
      '/dist-main/main/main.js',
      '/dist-main/preload/index.cjs',
      '/dist-main/shared/ipc.js',
      '/node_modules/serialport/package.json',
      '/node_modules/node-hid/package.json',
    ])
      expect(entries).toContain(must);
    expect(entries.filter((e) => /\/(react|react-dom|i18next|typescript|pinyin-pro)(\/|$)/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.ts') || e.endsWith('.map'))).toEqual([]);
  });

  it('keeps electron-builder’s default .deb dependencies and adds ours', () => {
    const FpmTarget = (require(join(ROOT, 'node_modules/app-builder-lib/out/targets/FpmTarget.js')) as { default: FpmClass }).default;
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'deb');
    expect(defaults).toContain('libgtk-3-0');
    const block = /deb:\n {2}#[^]*?depends:\n((?: {4}- .+\n)+)/.exec(yml)?.[1] ?? '';
    const listed = block
      .split('\n')
      .map((l) => l.replace(/^ {4}- /, '').trim())
      .filter(Boolean);
    for (const d of defaults) expect(listed, d).toContain(d);
    expect(listed).toEqual(expect.arrayContaining(['libgbm1', 'fonts-wqy-microhei']));
  });

  it('has a homepage, an unscoped name, an icon and an autostart entry', () => {
    const kiosk = JSON.parse(readFileSync(join(ROOT, 'kiosk/package.json'), 'utf8')) as { homepage?: string };
    expect(kiosk.homepage).toMatch(/^https:\/\//);
    expect(yml).toMatch(/extraMetadata:\n(?: {2}#.*\n)* {2}name: hall-kiosk\n/);
    const icon = PNG.sync.read(readFileSync(join(ROOT, 'kiosk/build/icon.png')));
    expect([icon.width, icon.height]).toEqual([512, 512]);
    expect(yml).toContain('kiosk/build/hall-kiosk-autostart.desktop=/etc/xdg/autostart/hall-kiosk.desktop');
    const desktop = readFileSync(join(ROOT, 'kiosk/build/hall-kiosk-autostart.desktop'), 'utf8');
    expect(desktop).toContain('Exec=/opt/HallKiosk/hall-kiosk');
    expect(desktop).toContain('X-GNOME-Autostart-enabled=true');
  });
});
