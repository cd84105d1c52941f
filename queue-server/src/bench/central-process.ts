/**
 * The fake central in its own process, for the uplink benchmark (so its work does not count against the
 * hall's). IPC: it sends `{port}` once listening; messages `stop` / `start` stop and restart it on the
 * same port, answered with `{ok: 'stop' | 'start'}`.
 */
import { FakeCentral } from '../testing/fake-central.ts';

const central = new FakeCentral(process.env.CENTRAL_KEY);
await central.start();
process.send?.({ port: central.port });
process.on('message', (m: unknown) => {
  const op = m === 'stop' ? central.stop() : m === 'start' ? central.start() : Promise.resolve();
  void op.then(() => process.send?.({ ok: m }));
});
process.on('disconnect', () => process.exit(0));
