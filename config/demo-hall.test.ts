import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { HallConfig } from '@hall/contract';

const raw: unknown = JSON.parse(readFileSync(new URL('./demo-hall.json', import.meta.url), 'utf8'));

describe('config/demo-hall.json', () => {
  const parsed = HallConfig.safeParse(raw);
  if (!parsed.success) console.error(JSON.stringify(parsed.error.issues, null, 2));

  it('parses with HallConfig', () => {
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  const cfg = parsed.success ? parsed.data : undefined;

  it('has the eight categories with distinct prefixes', () => {
    expect(cfg?.categories).toHaveLength(8);
    expect(new Set(cfg?.categories.map((c) => c.prefix)).size).toBe(8);
  });

  it('has at least 30 services, each with a full guide', () => {
    const services = cfg?.services ?? [];
    expect(services.length).toBeGreaterThanOrEqual(30);
    for (const s of services) {
      expect(s.guide.materials.length, `${s.id} materials`).toBeGreaterThanOrEqual(3);
      expect(s.guide.process.length, `${s.id} process`).toBeGreaterThanOrEqual(3);
    }
  });

  it('points every service at an existing category', () => {
    const cats = new Set(cfg?.categories.map((c) => c.id));
    for (const s of cfg?.services ?? []) expect(cats.has(s.categoryId), s.id).toBe(true);
  });

  it('has 16 windows, and every category is in at least two windows’ skills', () => {
    expect(cfg?.windows).toHaveLength(16);
    for (const c of cfg?.categories ?? []) {
      const n = (cfg?.windows ?? []).filter((w) => w.skills.includes(c.id)).length;
      expect(n, c.id).toBeGreaterThanOrEqual(2);
    }
  });

  it('only bundles existing services', () => {
    const ids = new Set(cfg?.services.map((s) => s.id));
    expect(cfg?.bundles.length ?? 0).toBeGreaterThanOrEqual(5);
    for (const b of cfg?.bundles ?? []) for (const id of b.serviceIds) expect(ids.has(id), `${b.id} → ${id}`).toBe(true);
  });
});
