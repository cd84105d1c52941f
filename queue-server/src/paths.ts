/**
 * Where the server finds what ships beside it (migrations, the demo hall, the built pages), whether it runs
 * from source through tsx or from the bundled `dist/server/main.js`: both resolve from the repo root.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'hall-queue') return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) return process.env.HALL_ROOT ?? process.cwd();
    dir = up;
  }
}

export const REPO_ROOT = process.env.HALL_ROOT ?? findRoot(import.meta.dirname);
export const MIGRATIONS_DIR = join(REPO_ROOT, 'queue-server/src/db/migrations');
export const DEMO_HALL_FILE = join(REPO_ROOT, 'config/demo-hall.json');
export const WEB_ROOT_DIR = join(REPO_ROOT, 'dist/web');
