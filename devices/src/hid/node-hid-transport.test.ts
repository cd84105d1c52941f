import { describe, expect, it } from 'vitest';
import { HidDeviceNotFoundError, HidUnavailableError } from './hid-transport.ts';
import { openNodeHidTransport } from './node-hid-transport.ts';

describe('openNodeHidTransport', () => {
  it('openNodeHidTransport() throws a clear error naming the device when no keypad is attached', () => {
    // This machine has no USB stack: node-hid finds nothing, or cannot load.
    let error: unknown;
    try {
      const t = openNodeHidTransport(0x1234, 0x5678);
      void t.close(); // a real device with these ids: nothing to assert
      return;
    } catch (err) {
      error = err;
    }
    expect(error instanceof HidDeviceNotFoundError || error instanceof HidUnavailableError).toBe(true);
    expect(String(error)).toMatch(/1234:5678/);
  });
});
