/** A hall for the realtime benchmark: the demo hall's categories with N windows that can serve all of them. */
import type { HallConfig } from '@hall/contract';
import { loadHallConfig } from '../config/load-config.ts';

export function benchHallConfig(windows: number): HallConfig {
  const demo = loadHallConfig();
  const cats = demo.categories.map((c) => c.id);
  return {
    ...demo,
    settings: { ...demo.settings, allocationMode: 'off', trustLoopbackDevices: true },
    windows: Array.from({ length: windows }, (_, i) => ({
      id: `W${String(i + 1).padStart(3, '0')}`,
      name: `${i + 1}号窗口`,
      number: i + 1,
      skills: cats,
      home: cats[i % cats.length] as string,
    })),
    devices: { ...demo.devices, printers: [] },
    kiosks: [],
  };
}
