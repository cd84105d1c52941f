/**
 * A linked pair of ptys from `socat -d -d pty,raw,echo=0 pty,raw,echo=0`, for wire-level tests of the real
 * `serialport` binding. A pty pair does not reproduce real UART buffering, baud-rate timing or RS-485
 * direction switching (style R12).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;

export interface PtyPair {
  /** The host end (give this path to the hub). */
  hostPath: string;
  /** The device end (give this path to the simulator). */
  devicePath: string;
  /** Kills socat (both ptys disappear; an open port then fails with EIO). Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts socat. `links` gives the ends stable symlink names (socat `link=`), so a test can kill socat and start
 * a new pair under the same host path (an adapter unplugged and plugged back).
 */
export function openPtyPair(opts: { links?: [string, string]; timeoutMs?: number } = {}): Promise<PtyPair> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const end = (link: string | undefined) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('socat', ['-d', '-d', end(opts.links?.[0]), end(opts.links?.[1])], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const paths: string[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`socat did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr += text;
      for (const m of text.matchAll(/PTY is (\S+)/g)) if (m[1]) paths.push(m[1]);
      if (/starting data transfer loop/.test(stderr) && paths.length >= 2) {
        clearTimeout(timer);
        const [hostPath, devicePath] = opts.links ?? (paths as [string, string]);
        resolve({
          hostPath,
          devicePath,
          close: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}
