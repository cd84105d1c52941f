import { describe, expect, it } from 'vitest';
import { generateScenario } from './generate.ts';
import { parseScenario } from './scenario.ts';

describe('generateScenario()', () => {
  const days = Array.from({ length: 60 }, (_, i) => generateScenario(i + 1));

  it('is deterministic in its seed and differs between seeds', () => {
    expect(generateScenario(7)).toEqual(generateScenario(7));
    expect(JSON.stringify(generateScenario(7))).not.toEqual(JSON.stringify(generateScenario(8)));
  });

  it('produces valid scenario files within the stated ranges', () => {
    for (const { scenario } of days) {
      const parsed = parseScenario(JSON.parse(JSON.stringify(scenario)));
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
      expect(scenario.windows.length).toBeGreaterThanOrEqual(3);
      expect(scenario.windows.length).toBeLessThanOrEqual(80);
      expect(scenario.categories.length).toBeGreaterThanOrEqual(3);
      expect(scenario.categories.length).toBeLessThanOrEqual(16);
      expect(scenario.crossSkillSlowdown).toBeGreaterThanOrEqual(1);
      expect(scenario.crossSkillSlowdown).toBeLessThanOrEqual(1.5);
      for (const w of scenario.windows) expect(w.skills).toContain(w.home);
    }
  });

  it('covers every skill structure, lunch rotas, surges, no-shows and priority shares', () => {
    expect(new Set(days.map((d) => d.meta.structure))).toEqual(new Set(['dedicated', 'chained', 'mixed', 'all']));
    expect(days.some((d) => d.scenario.windows.some((w) => w.breaks.length > 0))).toBe(true);
    expect(days.some((d) => d.meta.surges > 0)).toBe(true);
    expect(days.some((d) => d.scenario.categories.some((c) => c.noShowRate > 0))).toBe(true);
    expect(days.some((d) => d.scenario.arrivals.some((a) => (a.priority?.green ?? 0) > 0))).toBe(true);
  });

  it('offers load × the staffed window-minutes of work over the day', () => {
    for (const { scenario, meta } of days.slice(0, 20)) {
      const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
      const mean = new Map(scenario.categories.map((c) => [c.id, c.serviceMinutes.mean]));
      const work = scenario.arrivals.reduce(
        (a, r) => a + ((r.perHour * (toMin(r.to) - toMin(r.from))) / 60) * (mean.get(r.category) ?? 0),
        0,
      );
      const staffed = scenario.windows.reduce(
        (a, w) => a + toMin(scenario.day.close) - toMin(scenario.day.open) - w.breaks.reduce((b, x) => b + toMin(x.to) - toMin(x.from), 0),
        0,
      );
      expect(work / staffed).toBeCloseTo(meta.load, 1);
    }
  });
});
