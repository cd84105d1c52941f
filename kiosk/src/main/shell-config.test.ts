import { describe, expect, it } from 'vitest';
import { parseIdReaderSpec, parseShellArgs, ShellConfigError } from './shell-config.ts';

describe('parseShellArgs()', () => {
  it('defaults to the local demo hall and KIOSK1 with no ID reader', () => {
    const c = parseShellArgs([]);
    expect(c).toMatchObject({
      kioskId: 'KIOSK1',
      origin: 'http://127.0.0.1:8080',
      idReader: { type: 'none' },
      dev: false,
      printerId: null,
    });
    expect(c.url).toBe('http://127.0.0.1:8080/kiosk?kiosk=KIOSK1');
  });

  it('reads flags in both --flag value and --flag=value forms, flags winning over the environment', () => {
    const c = parseShellArgs(
      ['--url', 'http://10.0.0.5:8080/kiosk', '--kiosk=KIOSK2', '--id-reader', 'serial:/dev/ttyUSB1@9600', '--dev'],
      { KIOSK_ID: 'KIOSK9', KIOSK_PRINTER: 'K2' },
    );
    expect(c).toMatchObject({
      kioskId: 'KIOSK2',
      origin: 'http://10.0.0.5:8080',
      dev: true,
      printerId: 'K2',
      idReader: { type: 'serial', path: '/dev/ttyUSB1', baudRate: 9600 },
    });
    expect(c.url).toBe('http://10.0.0.5:8080/kiosk?kiosk=KIOSK2');
  });

  it('keeps a kiosk id already in the URL', () => {
    expect(parseShellArgs(['--url', 'http://h:1/kiosk?kiosk=X1']).url).toBe('http://h:1/kiosk?kiosk=X1');
  });

  it('rejects a relative or non-http URL and a bad kiosk id', () => {
    expect(() => parseShellArgs(['--url', '/kiosk'])).toThrow(ShellConfigError);
    expect(() => parseShellArgs(['--url', 'file:///etc/passwd'])).toThrow(ShellConfigError);
    expect(() => parseShellArgs(['--kiosk', '../x'])).toThrow(ShellConfigError);
  });
});

describe('parseIdReaderSpec()', () => {
  it('accepts none, fake and serial with a default baud rate', () => {
    expect(parseIdReaderSpec('none')).toEqual({ type: 'none' });
    expect(parseIdReaderSpec('fake')).toEqual({ type: 'fake' });
    expect(parseIdReaderSpec('serial:COM3')).toEqual({ type: 'serial', path: 'COM3', baudRate: 115200 });
  });
  it('rejects anything else', () => {
    expect(() => parseIdReaderSpec('usb')).toThrow(ShellConfigError);
  });
});
