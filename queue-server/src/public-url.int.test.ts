/** The server refuses to start on a LAN address without a usable public URL, and uses the one it has. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupRefused } from './server.ts';
import { startTestServer } from './testing/test-server.ts';

async function refusal(opts: Parameters<typeof startTestServer>[0]): Promise<StartupRefused> {
  try {
    const s = await startTestServer(opts);
    await s.stop();
  } catch (err) {
    expect(err).toBeInstanceOf(StartupRefused);
    return err as StartupRefused;
  }
  throw new Error('the server started');
}

describe('publicUrl at start-up', () => {
  it('refuses 0.0.0.0 without a public URL (PUBLIC_URL_REQUIRED)', async () => {
    const e = await refusal({ host: '0.0.0.0' });
    expect(e.code).toBe('PUBLIC_URL_REQUIRED');
    expect(e.message).toContain('hall.publicUrl');
  });
  it('refuses a loopback public URL when bound to every address (PUBLIC_URL_LOOPBACK)', async () => {
    expect((await refusal({ host: '0.0.0.0', publicUrl: 'http://127.0.0.1:8080' })).code).toBe('PUBLIC_URL_LOOPBACK');
  });
  it('puts the public URL into the slip QR when one is given', async () => {
    const s = await startTestServer({ host: '127.0.0.1', publicUrl: 'http://192.0.2.7:8080/' });
    try {
      const kiosk = await s.kioskToken();
      const r = await s.api('POST', '/tickets', { token: kiosk, body: { categoryId: 'enterprise', printerId: 'K1' } });
      expect(r.status).toBe(201);
      // The virtual printer keeps the slip's exact ESC/POS bytes; the QR symbol carries the URL as data.
      const dir = join(s.dataDir, 'virtual-printer', 'K1');
      const slip = readFileSync(
        join(
          dir,
          readdirSync(dir).find((f) => f.endsWith('.escpos'))!,
        ),
      ).toString('latin1');
      expect(slip).toContain(`http://192.0.2.7:8080/t/${r.body.ticket.token}`);
    } finally {
      await s.stop();
    }
  });
});
