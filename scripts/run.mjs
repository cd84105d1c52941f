// `npm start`, `npm run backup`, `npm run restore` in a checkout: rebuild what is stale, then run the
// bundle on plain Node. In a release folder (scripts/make-release.mjs) its own package.json runs the
// bundles directly, so nothing here (nor any dev dependency) is needed there.
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const [name, ...args] = process.argv.slice(2);
const ROOT = resolve(import.meta.dirname, '..');
const entry = { start: 'main', backup: 'backup', restore: 'restore' }[name ?? ''];
if (!entry) {
  process.stderr.write('usage: node scripts/run.mjs start|backup|restore [args]\n');
  process.exit(2);
}
const steps = name === 'start' ? ['build'] : ['build:server'];
for (const step of steps) {
  const b = spawnSync('npm', ['run', '-s', step], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, ['--enable-source-maps', resolve(ROOT, `dist/server/${entry}.js`), ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
