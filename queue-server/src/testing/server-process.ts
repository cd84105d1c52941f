/** Runs the real server as a child process (`main.ts`), for crash and start-up tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allDayHours, demoConfig } from './test-server.ts';

let allDayConfigFile: string | null = null;
/** The demo hall, open all day: a child-process test must not depend on the hour it runs at. */
function allDayConfig(): string {
  if (!allDayConfigFile) {
    allDayConfigFile = join(mkdtempSync(join(tmpdir(), 'hall-config-')), 'all-day-hall.json');
    writeFileSync(allDayConfigFile, JSON.stringify(demoConfig(allDayHours)));
  }
  return allDayConfigFile;
}

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startServerProcess(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServerProcess> {
  const config = args.includes('--config') ? [] : ['--config', allDayConfig()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'queue-server/src/main.ts', '--port', '0', ...config, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HALL_ADMIN_PASSWORD: 'test-admin-password', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1].replace('0.0.0.0', '127.0.0.1'), output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      if (!/listening on/.test(out)) reject(new Error(`server exited (${code}) before listening:\n${out}`));
    });
  });
}
