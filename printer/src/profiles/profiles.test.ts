import { describe, expect, it } from 'vitest';
import { listProfiles, loadProfile, UnknownProfileError, validateProfile } from './profiles.ts';

describe('printer profiles', () => {
  it('ships 58mm and 80mm with the columns of font A (32 / 48)', () => {
    expect(listProfiles()).toEqual(expect.arrayContaining(['58mm', '80mm', '58mm-basic']));
    expect(loadProfile('80mm')).toMatchObject({
      paperWidthMm: 80,
      dots: 576,
      columns: 48,
      supportsQr: true,
      codePage: 'gb18030',
      cut: 'partial',
    });
    expect(loadProfile('58mm')).toMatchObject({
      paperWidthMm: 58,
      dots: 384,
      columns: 32,
      supportsQr: true,
      codePage: 'gb18030',
      cut: 'partial',
    });
    expect(loadProfile('58mm-basic').supportsQr).toBe(false);
  });

  it('columns × 12 dots equals the printable width of every profile', () => {
    for (const id of listProfiles()) {
      const p = loadProfile(id);
      expect(p.columns * 12).toBe(p.dots);
      expect(p.dots).toBe(p.printWidthMm * 8);
    }
  });

  it('defaults to 80mm and rejects unknown ids', () => {
    expect(loadProfile().id).toBe('80mm');
    expect(() => loadProfile('nope')).toThrow(UnknownProfileError);
  });

  it('returns copies, so callers cannot change the bundled data', () => {
    loadProfile('80mm').columns = 1;
    expect(loadProfile('80mm').columns).toBe(48);
  });

  it('validates profile data and names the bad field', () => {
    const good = loadProfile('80mm');
    expect(validateProfile(good)).toEqual(good);
    expect(() => validateProfile({ ...good, columns: 0 })).toThrow(/columns/);
    expect(() => validateProfile({ ...good, codePage: 'cp437' })).toThrow(/codePage/);
    expect(() => validateProfile(null)).toThrow(TypeError);
  });
});
