/**
 * One server per data folder. At start the server creates `<data>/hall.lock` exclusively (O_EXCL) with its
 * process id; a second server finds the file, sees that process alive, and refuses to start. A lock left by
 * a process that died (kill -9, power loss) is stale: its pid no longer runs, so the next start takes it
 * over. Closing the server removes the file.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dir} is in use by another hall server (process ${pid}); stop it first, or use another --data folder`);
  }
}

export const LOCK_FILE = 'hall.lock';
/** Locks held by this process (a second server in the same process must refuse too). */
const held = new Set<string>();

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lock; returns the release. Throws {@link DataDirLockedError} when a live server holds it. */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(file);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(file);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = NaN;
      try {
        pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      } catch {
        /* vanished meanwhile: try again */
      }
      const ours = pid === process.pid && held.has(file);
      if (ours || (pid !== process.pid && alive(pid))) throw new DataDirLockedError(dir, pid);
      // Stale: its process is gone (or it is our own pid from a previous life of this process id).
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(dir, NaN);
}
