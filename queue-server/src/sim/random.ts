/**
 * Seeded randomness for the simulator (never used by the core, which takes no randomness at all).
 * mulberry32: a tiny, fast 32-bit generator with a full 2^32 period; plenty for a hall day of a few
 * thousand tickets, and trivially reproducible from one integer seed.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Derives an independent stream from a seed and a label, so adding one stream never shifts another. */
export function substream(seed: number, label: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return mulberry32(h);
}

/** Exponential with the given mean (inverse transform; 1 - u is in (0, 1]). */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}

/** Standard normal (Box–Muller, one value per call; the second is discarded to keep streams simple). */
export function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next();
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Log-normal with the given mean and coefficient of variation: σ² = ln(1 + cv²), μ = ln(mean) − σ²/2.
 * cv = 0 gives the mean exactly (deterministic service, used by hand-computable tests).
 */
export function logNormal(rng: Rng, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const sigma2 = Math.log(1 + cv * cv);
  return Math.exp(Math.log(mean) - sigma2 / 2 + Math.sqrt(sigma2) * standardNormal(rng));
}
