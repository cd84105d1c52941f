import { it, vi } from 'vitest';
import { DeviceSimulator } from '../sim/device-simulator.ts';
import { BusMaster, type BusEvent } from './bus-master.ts';
import { Cmd } from './frame.ts';
import { createMockPortPair } from './mock-port.ts';
it('dbg', async () => {
  vi.useFakeTimers({ now: 1_000_000 });
  const [host, dev] = createMockPortPair();
  const sim = new DeviceSimulator(dev, [{ addr: 205, kind: 'caller-keypad' }]);
  const logs: string[] = [];
  const master = new BusMaster({ busId: 'b', openPort: () => host, devices: [{ addr: 205, isPolled: true }], log: (m) => logs.push(`${Date.now() - 1_000_000} ${m}`) });
  const events: BusEvent[] = [];
  master.on('event', (e) => events.push(e));
  master.start();
  for (let i = 0; i < 300; i++) {
    sim.pressKey(205, 0x01, i & 0xff);
    if (i % 7 === 0) sim.dropNextReply(205, Cmd.EVENT_ACK);
    if (i % 11 === 0) sim.dropNextReply(205, Cmd.POLL);
    if (i % 13 === 0) sim.loseNextFrame(205, Cmd.EVENT_ACK);
    if (i % 17 === 0) sim.garbleNextReply(205, Cmd.POLL);
    await vi.advanceTimersByTimeAsync(i % 3 === 0 ? 5 : 150);
  }
  await vi.advanceTimersByTimeAsync(3000);
  console.log(events.length, sim.view(205).pendingEvents.length, logs.slice(0, 60).join('\n'), logs.length);
  console.log(sim.received.slice(0, 80).map((f) => `${f.at - 1_000_000} ${f.cmd} ${Array.from(f.data)}`).join('\n'));
  console.log(host.written.slice(0, 14).map((w) => Array.from(w).join(",")).join("\n"));
  await master.stop();
});
