/**
 * The generated OpenAPI document: every registered route documented (no placeholder), the real status
 * codes, reply schemas, and `@redocly/cli lint` (pinned in package.json, run offline) with 0 errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('GET /api/v1/openapi.json', () => {
  let srv: TestServer;
  let doc: any;
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'));
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
    doc = (await srv.api('GET', '/openapi.json')).body;
  });
  afterAll(async () => {
    await srv.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('documents every registered route with a real summary and an operationId', () => {
    const ops = Object.entries(doc.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod as Record<string, any>).map(([m, op]) => ({ key: `${m.toUpperCase()} ${path}`, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(70);
    expect(ops.filter((o) => o.op.summary.includes('(undocumented)')).map((o) => o.key)).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives the status codes the routes answer', () => {
    const issue = doc.paths['/tickets'].post;
    expect(Object.keys(issue.responses).sort()).toEqual(['201', '400', '401', '403', '409', '503']);
    expect(issue.responses['200']).toBeUndefined();
    expect(Object.keys(doc.paths['/auth/login'].post.responses).sort()).toEqual(['200', '400', '429', '503']);
    expect(Object.keys(doc.paths['/windows/{id}/call-next'].post.responses).sort()).toEqual([
      '200',
      '204',
      '400',
      '401',
      '403',
      '404',
      '409',
      '503',
    ]);
    expect(Object.keys(doc.paths['/devices/{id}'].delete.responses)).toContain('204');
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.paths['/devices'].get.responses['200'].content['application/json'].schema.properties.devices.type).toBe('array');
  });

  it('carries reply schemas generated from zod', () => {
    const reply = doc.paths['/tickets'].post.responses['201'].content['application/json'].schema;
    expect(reply.properties.ticket.required).toEqual(expect.arrayContaining(['number', 'status', 'token', 'waitEstimate']));
    expect(reply.properties.ticket.properties.status.enum).toContain('waiting');
    const windows = doc.paths['/windows'].get.responses['200'].content['application/json'].schema;
    expect(windows.properties.windows.items.properties.status.enum).toEqual(['closed', 'open', 'paused']);
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    expect(doc.paths['/tickets'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['date', 'status']);
  });

  it('passes redocly lint with 0 errors', () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--format=json', file], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
      timeout: 120_000,
    });
    const report = JSON.parse(r.stdout) as {
      totals: { errors: number; warnings: number };
      problems: { ruleId: string; message: string; severity: string }[];
    };
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
    expect(r.status).toBe(0);
    process.stdout.write(`redocly lint: ${report.totals.errors} errors, ${report.totals.warnings} warnings\n`);
  }, 120_000);
});
