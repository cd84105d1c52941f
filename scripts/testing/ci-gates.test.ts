/**
 * Proves the CI gates: `.ci/run` stops at the first failing gate (typecheck, lint, `npm run test:all`), and with
 * CI set a browser suite whose Chromium is missing fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCi, MissingToolError, toolMissing } from './tool-gate.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('toolMissing', () => {
  it('runs the suite when the tool is there, in CI or not', () => {
    expect(toolMissing('x', true, {})).toBe(false);
    expect(toolMissing('x', true, { CI: '1' })).toBe(false);
  });
  it('skips a suite whose tool is missing outside CI', () => {
    expect(toolMissing('x', false, {})).toBe(true);
    expect(toolMissing('x', false, { CI: 'false' })).toBe(true);
    expect(toolMissing('x', false, { CI: '0' })).toBe(true);
  });
  it('throws when the tool is missing and CI is set', () => {
    expect(() => toolMissing('socat', false, { CI: 'true' })).toThrow(MissingToolError);
    expect(isCi({ CI: '1' })).toBe(true);
  });
});

describe('.ci/run with a stand-in npm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, '.ci'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, '.ci/run'), join(dir, '.ci/run'));
  chmodSync(join(dir, '.ci/run'), 0o755);
  // The stand-in logs each call and fails the one named in FAIL_STEP.
  writeFileSync(
    join(dir, 'bin/npm'),
    '#!/usr/bin/env bash\necho "$*" >> "$NPM_LOG"\nif [ -n "${FAIL_STEP:-}" ] && [ "$3" = "$FAIL_STEP" ]; then exit 2; fi\nexit 0\n',
  );
  chmodSync(join(dir, 'bin/npm'), 0o755);

  function run(failStep: string) {
    const log = join(dir, `npm-${failStep || 'none'}.log`);
    writeFileSync(log, '');
    const r = spawnSync('bash', [join(dir, '.ci/run')], {
      env: {
        ...process.env,
        PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
        NPM_LOG: log,
        FAIL_STEP: failStep,
        CI_SKIP_INSTALL: '1',
        CI: '',
      },
      encoding: 'utf8',
    });
    return { status: r.status, calls: readFileSync(log, 'utf8').trim().split('\n'), out: r.stdout + r.stderr };
  }

  it("runs typecheck, lint and the README's test command in that order when all pass", () => {
    const r = run('');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['run -s typecheck', 'run -s lint', 'run -s test:all']);
  });
  it.each(['typecheck', 'lint', 'test:all'])('fails and stops when %s fails', (step) => {
    const r = run(step);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`CI gate failed: ${step}`);
    expect(r.calls.at(-1)).toBe(`run -s ${step}`);
  });
});

describe('a browser suite under CI without Chromium', () => {
  it('fails instead of skipping', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'e2e/smoke.e2e.test.ts'], {
      cwd: ROOT,
      env: { ...process.env, CI: '1', CHROMIUM_PATH: '/nonexistent/chromium' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('a test tool is missing: Chromium');
  }, 120_000);
});
