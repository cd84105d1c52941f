/**
 * The byte pipe under one device bus. Implementations: `serial-port.ts` (the real `serialport` package, also
 * used over socat pty pairs in integration tests) and `mock-port.ts` (in-memory, with test hooks).
 */

/** Raised when a port cannot be opened or a write fails at the OS level (unplugged adapter, EIO). */
export class BusPortError extends Error {
  override readonly name = 'BusPortError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Raised by `write()` after `close()` or after the port closed by itself. */
export class BusPortClosedError extends Error {
  override readonly name = 'BusPortClosedError';
  constructor(message = 'bus port is closed') {
    super(message);
  }
}

/**
 * One half-duplex byte stream to the devices of a bus (RS-485 via an auto-direction adapter, RS-232, or a pty).
 *
 * Obligations of an implementation:
 * - `write()` resolves once the bytes are handed to the OS (not when they have left the wire). It rejects
 *   with `BusPortClosedError` after `close()` or after the port closed by itself, and with `BusPortError` when
 *   the OS refuses the write. It never throws synchronously. Writes issued before the port is open are held
 *   and sent, in order, once it opens; if opening fails they reject with `BusPortError`.
 * - `onData()` callbacks get every received byte exactly once, in order, in chunks of any size (no framing).
 *   Callbacks registered later do not receive earlier bytes. No data is delivered after `close()`.
 * - `close()` is idempotent, never rejects, and releases the OS handle; after it no callback fires.
 * - `opened` (optional) settles when the port is usable: it rejects with `BusPortError` when the path cannot be
 *   opened (missing adapter, permission). A port without `opened` is taken to be open at once.
 * - `onClose()` (optional) fires once when the port closes by itself (adapter unplugged, socat killed), never
 *   because of `close()`. The owner then reopens a new port.
 * - Baud rate, parity and so on are fixed when the port is created; a pty ignores them.
 */
export interface BusPort {
  write(bytes: Uint8Array): Promise<void>;
  onData(cb: (chunk: Uint8Array) => void): void;
  close(): Promise<void>;
  readonly opened?: Promise<void>;
  onClose?(cb: (err: Error) => void): void;
}

/** Opens a port for a bus; may throw `BusPortError` synchronously or reject `opened` later. */
export type OpenBusPort = (path: string, baudRate: number) => BusPort;
