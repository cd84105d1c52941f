import { describe, expect, it } from 'vitest';
import { exponential, logNormal, mulberry32, substream } from './random.ts';

describe('seeded randomness', () => {
  it('mulberry32 repeats exactly for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('substreams are independent of each other and stable per label', () => {
    expect(substream(7, 'service').next()).toBe(substream(7, 'service').next());
    expect(substream(7, 'service').next()).not.toBe(substream(7, 'arrivals#0').next());
  });

  it('log-normal has the requested mean and coefficient of variation', () => {
    const rng = mulberry32(1);
    const xs = Array.from({ length: 40_000 }, () => logNormal(rng, 12, 0.7));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(mean).toBeGreaterThan(11.7);
    expect(mean).toBeLessThan(12.3);
    expect(sd / mean).toBeGreaterThan(0.65);
    expect(sd / mean).toBeLessThan(0.75);
  });

  it('log-normal with cv 0 is the mean exactly (deterministic service)', () => {
    expect(logNormal(mulberry32(1), 9, 0)).toBe(9);
  });

  it('exponential has the requested mean', () => {
    const rng = mulberry32(2);
    const xs = Array.from({ length: 40_000 }, () => exponential(rng, 5));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(4.9);
    expect(mean).toBeLessThan(5.1);
  });
});
