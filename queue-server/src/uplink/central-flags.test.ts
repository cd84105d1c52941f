import { describe, expect, it } from 'vitest';
import { parseCentralFlags } from './central-flags.ts';

describe('--central flags', () => {
  it('leaves the uplink off when none is given', () => {
    expect(parseCentralFlags({}, {})).toEqual({ ok: true, target: undefined });
  });
  it('takes all three, trims a trailing slash, and flags win over the environment', () => {
    const r = parseCentralFlags(
      { central: 'https://city.example.gov.cn/net/', hallId: 'county-3' },
      { HALL_CENTRAL_URL: 'http://other', HALL_KEY: 'k3y-from-env-123' },
    );
    expect(r).toEqual({ ok: true, target: { url: 'https://city.example.gov.cn/net', hallId: 'county-3', key: 'k3y-from-env-123' } });
  });
  it.each([
    [{ central: 'http://c' }, /missing: --hall-id, --hall-key/],
    [{ central: 'ftp://c', hallId: 'h', hallKey: 'abcdefgh' }, /http/],
    [{ central: 'not a url', hallId: 'h', hallKey: 'abcdefgh' }, /must be a URL/],
    [{ central: 'http://c', hallId: 'bad id', hallKey: 'abcdefgh' }, /--hall-id/],
    [{ central: 'http://c', hallId: 'h', hallKey: 'short' }, /--hall-key/],
    [{ central: 'http://c/?x=1', hallId: 'h', hallKey: 'abcdefgh' }, /query/],
  ])('refuses %j with a clear error', (flags, re) => {
    const r = parseCentralFlags(flags, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(re);
  });
});
