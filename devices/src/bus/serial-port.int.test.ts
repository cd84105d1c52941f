import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasSocat, openPtyPair, type PtyPair } from '../sim/pty-pair.ts';
import { waitFor } from '../sim/wait-for.ts';
import { describeBusPort } from './port-contract.ts';
import { BusPortClosedError, BusPortError } from './port.ts';
import { SerialBusPort } from './serial-port.ts';
import { toolMissing } from '../../../scripts/testing/tool-gate.ts';

describe.skipIf(toolMissing('socat (serial pty pairs)', hasSocat))('SerialBusPort over a socat pty pair', () => {
  const pairs: PtyPair[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'hall-serial-'));
  afterAll(async () => {
    await Promise.all(pairs.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('BusPort contract', () => {
    describeBusPort(async () => {
      const pty = await openPtyPair();
      pairs.push(pty);
      return { a: new SerialBusPort({ path: pty.hostPath }), b: new SerialBusPort({ path: pty.devicePath }), dispose: () => pty.close() };
    });
  });

  it('rejects opened with BusPortError when the path does not exist', async () => {
    const p = new SerialBusPort({ path: join(dir, 'no-such-tty') });
    await expect(p.opened).rejects.toBeInstanceOf(BusPortError);
    await expect(p.write(Uint8Array.of(1))).rejects.toBeInstanceOf(BusPortError);
    await p.close();
  });

  it('fires onClose when the line disappears (socat killed), and writes then reject', async () => {
    const pty = await openPtyPair();
    pairs.push(pty);
    const p = new SerialBusPort({ path: pty.hostPath });
    await p.opened;
    const closed: Error[] = [];
    p.onClose((e) => closed.push(e));
    await pty.close();
    // A pty notices the hang-up on the next write.
    for (let i = 0; i < 20 && closed.length === 0; i++) {
      await p.write(Uint8Array.of(1)).catch(() => {});
      await new Promise((r) => setTimeout(r, 20));
    }
    await waitFor(() => closed.length === 1, 2000, 'onClose');
    await expect(p.write(Uint8Array.of(1))).rejects.toBeInstanceOf(BusPortClosedError);
    await p.close();
  });
});
