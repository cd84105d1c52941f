/**
 * The CI gate for tests that need a tool from outside npm (Chromium, a page build, socat, PostgreSQL,
 * promtool). On a developer machine a missing tool skips the suite with a note on stderr; with the `CI`
 * environment variable set (any non-empty value but `0`/`false`) the same miss throws while the file is
 * collected, so the test run FAILS and a green CI run can never hide a suite that did not run.
 *
 *   describe.skipIf(toolMissing('Chromium at /usr/bin/chromium', hasChromium))('kiosk', () => { … });
 */

/** True when `env.CI` asks for strict tool checks. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** Thrown (in CI) when a tool a suite needs is missing. */
export class MissingToolError extends Error {
  constructor(readonly what: string) {
    super(`CI is set and a test tool is missing: ${what}. Run scripts/ensure-test-deps.sh (and npm run build).`);
    this.name = 'MissingToolError';
  }
}

/**
 * Returns true when the suite should be skipped (the tool is missing and this is not CI), false when it
 * can run, and throws `MissingToolError` when the tool is missing under CI.
 */
export function toolMissing(what: string, available: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (available) return false;
  if (isCi(env)) throw new MissingToolError(what);
  process.stderr.write(`[skipped] ${what} is missing (with CI set this fails)\n`);
  return true;
}
