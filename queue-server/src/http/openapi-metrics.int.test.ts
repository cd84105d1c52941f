import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('self-description', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ printers: new Map() });
  });
  afterAll(async () => {
    await srv.stop();
  });

  it('GET /openapi.json describes every REST v1 route of the spec', async () => {
    const doc = (await srv.api('GET', '/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/health',
      '/auth/login',
      '/hall',
      '/tickets',
      '/tickets/{id}',
      '/windows',
      '/windows/{id}/call-next',
      '/windows/{id}/recall',
      '/windows/{id}/start',
      '/windows/{id}/finish',
      '/windows/{id}/no-show',
      '/windows/{id}/suspend',
      '/windows/{id}/pause',
      '/windows/{id}/resume',
      '/windows/{id}/transfer',
      '/windows/{id}/allocation',
      '/ratings',
      '/stats',
      '/metrics',
    ])
      expect(paths).toContain(p);
    expect(doc.paths['/tickets'].post.requestBody.content['application/json'].schema.properties.serviceId).toBeDefined();
  });

  it('GET /metrics speaks the Prometheus text format', async () => {
    const kiosk = await srv.kioskToken();
    await srv.api('POST', '/tickets', { token: kiosk, body: { categoryId: srv.config.categories[0]!.id } });
    const r = await fetch(`${srv.url}/api/v1/metrics`);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    expect(text).toMatch(/# TYPE hall_tickets_waiting gauge/);
    expect(text).toMatch(new RegExp(`hall_tickets_waiting\\{category="${srv.config.categories[0]!.id}"\\} 1`));
  });

  it('GET /health and GET /hall need no token', async () => {
    expect((await srv.api('GET', '/health')).body.ok).toBe(true);
    const hall = (await srv.api('GET', '/hall')).body;
    expect(hall.categories).toHaveLength(8);
    expect(hall.categories[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), prefix: expect.any(String) });
    expect(hall.services.length).toBeGreaterThanOrEqual(30);
    expect(hall.services[0]).toMatchObject({ id: expect.any(String), name: expect.any(String), categoryId: expect.any(String) });
    expect(hall.windows).toHaveLength(16);
    expect(JSON.stringify(hall)).not.toContain('initialPassword');
    expect(JSON.stringify(hall)).not.toContain('hall-demo-2026');
  });
});
