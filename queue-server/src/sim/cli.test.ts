import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from './cli.ts';

const SCENARIO = join(import.meta.dirname, '..', '..', '..', 'scenarios', 'township.json');

function fakeIo(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
  const io: CliIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    readFile: (p) => {
      const f = files[p];
      if (f !== undefined) return f;
      return readFileSync(p, 'utf8');
    },
    writeFile: (p, t) => void (out.written[p] = t),
  };
  return { io, out };
}

describe('simulate CLI', () => {
  it('prints exactly one JSON object in the spec format', () => {
    const { io, out } = fakeIo();
    expect(main(['--scenario', SCENARIO, '--policy', 'static', '--seed', '4', '--json'], io)).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(r).toMatchObject({ scenario: 'township', policy: 'static', seed: 4, reassignments: 0 });
    expect(out.stderr).toBe('');
  });

  it.each([
    [['--policy', 'dynamic'], /missing --scenario/],
    [['--scenario', SCENARIO], /missing --policy/],
    [['--scenario', SCENARIO, '--policy', 'fifo'], /unknown policy "fifo"/],
    [['--scenario', SCENARIO, '--policy', 'static', '--seed', 'x'], /--seed must be an integer/],
    [['--scenario', SCENARIO, '--policy', 'static', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['--scenario', '/nonexistent/x.json', '--policy', 'static'], /cannot read scenario file/],
    [['--scenario', 'broken.json', '--policy', 'static'], /not valid JSON/],
    [['--scenario', 'invalid.json', '--policy', 'static'], /invalid:[\s\S]*categories/],
  ])('exits 2 with a message, no stack trace: %j', (args, message) => {
    const { io, out } = fakeIo({
      'broken.json': '{ "name": ',
      'invalid.json': '{"name":"x","day":{"open":"09:00","close":"17:00"},"categories":[],"windows":[],"arrivals":[]}',
    });
    expect(main(args, io)).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).toMatch(/usage: simulate/);
    expect(out.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    expect(out.stdout).toBe('');
  });

  it('writes an SVG of all four policies and runs all of them with --policy all', () => {
    const { io, out } = fakeIo();
    expect(main(['--scenario', SCENARIO, '--policy', 'all', '--json', '--svg', 'day.svg'], io)).toBe(0);
    const all = JSON.parse(out.stdout) as Record<string, { policy: string }>;
    expect(Object.keys(all)).toEqual(['static', 'skillfifo', 'dynamic', 'pooled']);
    const svg = out.written['day.svg'] ?? '';
    expect(svg.startsWith('<svg')).toBe(true);
    for (const p of ['static', 'skillfifo', 'dynamic', 'pooled']) expect(svg).toContain(`>${p}</text>`);
    expect(out.stderr).toContain('wrote day.svg');
  });
});
