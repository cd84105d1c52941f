// Bundles the queue server into dist/server/main.js so production runs on plain Node: no TypeScript
// loader in memory, faster start. Native and optional modules stay external and load from node_modules.
import { build } from 'esbuild';

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
  banner: {
    js: "import { createRequire as __hallCreateRequire } from 'node:module'; const require = __hallCreateRequire(import.meta.url);",
  },
});
