import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { closeOnSignals, readServerArgs, serverOptions, type CliProcess } from './server-cli.ts';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A stand-in for `process` that records what is written and throws on exit, as the real exit never returns. */
function fakeProcess() {
  const out: string[] = [];
  const err: string[] = [];
  const listeners = new Map<string, () => void>();
  const exits: number[] = [];
  const proc: CliProcess = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    exit: (code: number) => {
      exits.push(code);
      throw new Exited(code);
    },
    on: (signal, listener) => listeners.set(signal, listener),
  };
  return { proc, out, err, listeners, exits };
}

const USAGE = 'usage: demo [--port N]';
const flags =
  (port: string, help = false) =>
  () => ({ port, help });

describe('readServerArgs', () => {
  it('returns the flags and the port as a number', () => {
    const { proc, out, err } = fakeProcess();
    expect(readServerArgs(proc, USAGE, flags('8080'))).toEqual({ values: { port: '8080', help: false }, port: 8080 });
    expect([out, err]).toEqual([[], []]);
  });

  it('prints the usage on stdout for --help and returns null without exiting', () => {
    const { proc, out, exits } = fakeProcess();
    expect(readServerArgs(proc, USAGE, flags('8080', true))).toBeNull();
    expect(out).toEqual(['usage: demo [--port N]\n']);
    expect(exits).toEqual([]);
  });

  it('exits 2 with the reason and the usage when the flags cannot be read', () => {
    const { proc, err } = fakeProcess();
    const parse = () => {
      throw new Error("Unknown option '--bogus'");
    };
    expect(() => readServerArgs(proc, USAGE, parse)).toThrow(new Exited(2));
    expect(err).toEqual(["Unknown option '--bogus'\nusage: demo [--port N]\n"]);
  });

  it.each(['65536', '-1', '80.5', 'abc'])('exits 2 on --port %s', (port) => {
    const { proc, err } = fakeProcess();
    expect(() => readServerArgs(proc, USAGE, flags(port))).toThrow(new Exited(2));
    expect(err).toEqual([`--port must be 0..65535, got ${port}\n`]);
  });

  it('accepts the ends of the port range', () => {
    const { proc } = fakeProcess();
    expect(readServerArgs(proc, USAGE, flags('0'))?.port).toBe(0);
    expect(readServerArgs(proc, USAGE, flags('65535'))?.port).toBe(65535);
  });
});

describe('serverOptions', () => {
  const parse = (args: string[]) => parseArgs({ args, options: serverOptions('8090'), strict: true }).values;

  it('defaults --port to the given one and --host to 127.0.0.1', () => {
    expect(parse([])).toEqual({ port: '8090', host: '127.0.0.1', help: false });
  });

  it('takes --port, --host and --help', () => {
    expect(parse(['--port', '0', '--host', '0.0.0.0', '--help'])).toEqual({ port: '0', host: '0.0.0.0', help: true });
  });
});

describe('closeOnSignals', () => {
  const log = () => {
    const lines: string[] = [];
    return { lines, info: (_: object, msg: string) => lines.push(msg), error: (_: object, msg: string) => lines.push(msg) };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('closes once on the first signal and exits 0', async () => {
    const { proc, listeners, exits } = fakeProcess();
    proc.exit = (code: number) => void exits.push(code) as never;
    let closes = 0;
    const l = log();
    closeOnSignals(proc, l, async () => void closes++);
    listeners.get('SIGTERM')?.();
    listeners.get('SIGINT')?.();
    await settle();
    expect({ closes, exits, lines: l.lines }).toEqual({ closes: 1, exits: [0], lines: ['shutting down'] });
  });

  it('exits 1 when closing fails', async () => {
    const { proc, listeners, exits } = fakeProcess();
    proc.exit = (code: number) => void exits.push(code) as never;
    const l = log();
    closeOnSignals(proc, l, () => Promise.reject(new Error('busy')));
    listeners.get('SIGINT')?.();
    await settle();
    expect({ exits, lines: l.lines }).toEqual({ exits: [1], lines: ['shutting down', 'shutdown failed'] });
  });
});
