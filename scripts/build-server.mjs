// Bundles the queue server into dist/server/main.js so production runs on plain Node: no TypeScript
// loader in memory, faster start. Native and optional modules stay external and load from node_modules.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';

// Migrations travel inside the bundle (R11): a packaged server never reads them from disk.
const dir = 'queue-server/src/db/migrations';
const migrations = readdirSync(dir)
  .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
  .sort()
  .map((f) => ({ id: Number(f.slice(0, 4)), name: f.slice(5, -4), sql: readFileSync(`${dir}/${f}`, 'utf8') }));

await build({
  entryPoints: ['queue-server/src/main.ts'],
  outfile: 'dist/server/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  external: [
    'better-sqlite3',
    'serialport',
    '@serialport/*',
    'node-hid',
    'usb',
    'bufferutil',
    'utf-8-validate',
    'exceljs',
    'pino',
    'thread-stream',
    'playwright-core',
    'electron',
  ],
  define: { __HALL_MIGRATIONS__: JSON.stringify(migrations) },
  banner: {
    js: "import { createRequire as __hallCreateRequire } from 'node:module'; const require = __hallCreateRequire(import.meta.url);",
  },
});
