// Builds a release folder that a hall installs with `npm ci --omit=dev`: the bundled server, backup and
// restore (dist/server), the built pages (dist/web), the demo config and its JSON Schema, the service
// files (deploy/), and a package.json + package-lock.json holding only the runtime dependencies that the
// bundles load from node_modules (native modules and a few that cannot be bundled).
//
//   node scripts/make-release.mjs [--out build/release] [--no-build] [--lock]
//
// --no-build reuses dist/ as it is; --lock also writes package-lock.json (npm, offline from its cache).
import process from 'node:process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'build/release' }, 'no-build': { type: 'boolean' }, lock: { type: 'boolean' } },
});
const ROOT = resolve(import.meta.dirname, '..');
const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** What the bundles import at run time (scripts/build-server.mjs keeps these external). */
export const RUNTIME = ['better-sqlite3', 'exceljs', 'pino', 'serialport', 'node-hid'];

/**
 * The release's package-lock.json, cut from the repo's own lock: the runtime dependencies and everything
 * they need, at the exact versions and integrity hashes the project tested (so `npm ci` installs the
 * same tree, and works offline from a warm npm cache).
 */
function releaseLock(pkg) {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const all = lock.packages;
  const picked = {};
  /** Node's lookup: the nearest node_modules/<name> walking up from `from`. */
  function resolveFrom(from, name) {
    let base = from;
    for (;;) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (all[candidate]) return candidate;
      if (!base) return undefined;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  }
  const queue = Object.keys(pkg.dependencies).map((name) => resolveFrom('', name));
  while (queue.length > 0) {
    const at = queue.pop();
    if (at === undefined || picked[at]) continue;
    const entry = { ...all[at] };
    delete entry.dev;
    delete entry.devOptional;
    delete entry.peer;
    picked[at] = entry;
    const deps = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const [name, meta] of Object.entries(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[name]?.optional) deps[name] = meta;
    }
    for (const name of Object.keys(deps)) {
      const found = resolveFrom(at, name);
      if (found) queue.push(found);
      else if (!(entry.optionalDependencies ?? {})[name] && !(entry.peerDependencies ?? {})[name])
        throw new Error(`${at} needs ${name}, not in the lock`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(picked).sort(([a], [b]) => a.localeCompare(b)));
  return {
    name: pkg.name,
    version: pkg.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: pkg.name, version: pkg.version, license: pkg.license, dependencies: pkg.dependencies, engines: pkg.engines },
      ...sorted,
    },
  };
}

function run(cmd, args, cwd = ROOT) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`);
}

if (!values['no-build']) run('npm', ['run', '-s', 'build']);
for (const f of ['dist/server/main.js', 'dist/server/backup.js', 'dist/server/restore.js', 'dist/web/kiosk/index.html']) {
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build`);
}

const out = resolve(ROOT, values.out, `hall-queue-${root.version}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(ROOT, 'dist/server'), join(out, 'dist/server'), { recursive: true, filter: (p) => !p.endsWith('.map') });
cpSync(join(ROOT, 'dist/web'), join(out, 'dist/web'), { recursive: true });
cpSync(join(ROOT, 'config'), join(out, 'config'), { recursive: true, filter: (p) => !p.endsWith('.test.ts') });
if (existsSync(join(ROOT, 'deploy'))) cpSync(join(ROOT, 'deploy'), join(out, 'deploy'), { recursive: true });
if (existsSync(join(ROOT, 'docs/deploy.md'))) cpSync(join(ROOT, 'docs/deploy.md'), join(out, 'DEPLOY.md'));

const dependencies = {};
for (const name of RUNTIME) {
  const v = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  dependencies[name] = v;
}
const pkg = {
  name: 'hall-queue',
  version: root.version,
  private: true,
  description: root.description,
  type: 'module',
  license: root.license,
  engines: root.engines,
  scripts: {
    start: 'node dist/server/main.js',
    backup: 'node dist/server/backup.js',
    restore: 'node dist/server/restore.js',
  },
  dependencies,
};
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
writeFileSync(join(out, 'release.json'), `${JSON.stringify({ version: root.version, builtAt: new Date().toISOString() }, null, 2)}\n`);
if (values.lock) writeFileSync(join(out, 'package-lock.json'), `${JSON.stringify(releaseLock(pkg), null, 2)}\n`);
process.stdout.write(`release folder: ${out}\n`);
