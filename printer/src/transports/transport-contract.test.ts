import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describeTransport, waitForBytes } from './describe-transport.ts';
import { MockTransport } from './mock-transport.ts';
import { VirtualTransport } from './virtual-transport.ts';

describeTransport('mock', async () => {
  const transport = new MockTransport();
  return {
    transport,
    setStatus: async (s) => transport.setStatus(s),
    received: (min) => waitForBytes(() => transport.written(), min),
    dispose: async () => undefined,
  };
});

describeTransport('virtual', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vprinter-'));
  const transport = new VirtualTransport({ dataDir, printerId: 'K1' });
  const readAll = async (): Promise<Uint8Array> => {
    let names: string[] = [];
    try {
      names = (await readdir(transport.dir)).filter((n) => n.endsWith('.escpos')).sort();
    } catch {
      return new Uint8Array(0);
    }
    const parts = await Promise.all(names.map((n) => readFile(path.join(transport.dir, n))));
    return new Uint8Array(Buffer.concat(parts));
  };
  return {
    transport,
    setStatus: async (s) => {
      const { mkdir } = await import('node:fs/promises');
      await mkdir(transport.dir, { recursive: true });
      await writeFile(path.join(transport.dir, 'status'), `${s}\n`);
    },
    received: (min) => waitForBytes(readAll, min),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
});
