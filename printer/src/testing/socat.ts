/**
 * socat pty pairs for wire-level serial tests: two linked ptys that the
 * real `serialport` binding opens like serial ports. Baud rate and modem lines are not emulated.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

export function hasSocat(): boolean {
  const r = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

export interface PtyPair {
  a: string;
  b: string;
  /** Kills this socat (by its pid) and waits for it to exit. */
  close(): Promise<void>;
}

export function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise<PtyPair>((resolve, reject) => {
    let err = '';
    const ptys: string[] = [];
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const close = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`socat did not start: ${err}`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      err += chunk;
      for (const m of chunk.matchAll(/PTY is (\/dev\/pts\/\d+)/g)) if (m[1]) ptys.push(m[1]);
      // Readiness: socat logs this line once both ends exist (about 24 ms).
      if (err.includes('starting data transfer loop') && ptys.length >= 2) {
        clearTimeout(timer);
        resolve({ a: ptys[0] as string, b: ptys[1] as string, close });
      }
    });
  });
}
