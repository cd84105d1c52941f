// Bundles the queue server into dist/server/main.js, and the backup and restore command lines into
// dist/server/backup.js and restore.js, so a production install runs on plain Node with only the runtime
// dependencies (`npm ci --omit=dev`): no TypeScript loader, no Vite. Native and optional modules stay
// external and load from node_modules (scripts/make-release.mjs lists them for a release).
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';

// Migrations travel inside the bundle (R11): a packaged server never reads them from disk.
const dir = 'queue-server/src/db/migrations';
const migrations = readdirSync(dir)
  .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
  .sort()
  .map((f) => ({ id: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(`${dir}/${f}`, 'utf8') }));

export const EXTERNAL = [
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'usb',
  'bufferutil',
  'utf-8-validate',
  'exceljs',
  'pino',
  'pino-roll',
  'thread-stream',
  'playwright-core',
  'electron',
];

await build({
  entryPoints: {
    main: 'queue-server/src/main.ts',
    backup: 'queue-server/src/cli/backup.ts',
    restore: 'queue-server/src/cli/restore.ts',
  },
  outdir: 'dist/server',
  splitting: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  external: EXTERNAL,
  define: { __HALL_MIGRATIONS__: JSON.stringify(migrations) },
  banner: {
    js: "import { createRequire as __hallCreateRequire } from 'node:module'; const require = __hallCreateRequire(import.meta.url);",
  },
});
