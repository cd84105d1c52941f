import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matterSpread, parseScenario } from './scenario.ts';

const minimal = {
  name: 'mini',
  day: { open: '09:00', close: '17:00' },
  categories: [{ id: 'A', name: '企业服务', serviceMinutes: { mean: 15, cv: 0.7 } }],
  windows: [{ id: 'W01', home: 'A' }],
  arrivals: [{ category: 'A', from: '09:00', to: '10:00', perHour: 20 }],
};

describe('parseScenario()', () => {
  it('fills the spec defaults and ignores unknown fields', () => {
    const r = parseScenario({ ...minimal, comment: 'ignored', windows: [{ id: 'W01', home: 'A', colour: 'red' }] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.crossSkillSlowdown).toBe(1);
    expect(r.scenario.noShowTimeoutMinutes).toBe(2);
    expect(r.scenario.seed).toBe(1);
    expect(r.scenario.categories[0]?.noShowRate).toBe(0);
    expect(r.scenario.windows[0]).toEqual({ id: 'W01', home: 'A', skills: [], breaks: [] });
    expect('comment' in r.scenario).toBe(false);
  });

  it('lists every problem with its path', () => {
    const r = parseScenario({
      ...minimal,
      day: { open: '9:00', close: '17:00' },
      windows: [
        { id: 'W01', home: 'Z', skills: ['A', 'Q'] },
        { id: 'W01', home: 'A' },
      ],
      arrivals: [{ category: 'A', from: '10:00', to: '09:00', perHour: -1 }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain('day.open');
    expect(r.message).toMatch(/perHour/);
    // Cross-field checks run once the shapes are right.
    const r2 = parseScenario({
      ...minimal,
      windows: [
        { id: 'W01', home: 'Z', skills: ['A', 'Q'] },
        { id: 'W01', home: 'A' },
      ],
    });
    expect(r2.ok).toBe(false);
    if (r2.ok) return;
    expect(r2.message).toContain('unknown category "Z"');
    expect(r2.message).toContain('unknown category "Q"');
    expect(r2.message).toContain('duplicate window id "W01"');
  });

  it('rejects close before open and priority shares over 1', () => {
    expect(parseScenario({ ...minimal, day: { open: '17:00', close: '09:00' } }).ok).toBe(false);
    expect(
      parseScenario({
        ...minimal,
        arrivals: [{ category: 'A', from: '09:00', to: '10:00', perHour: 5, priority: { green: 0.6, appointment: 0.6 } }],
      }).ok,
    ).toBe(false);
  });

  it("scales a category's matters to its mean and keeps its cv (what the matters leave is their own spread)", () => {
    const raw = {
      ...minimal,
      categories: [
        {
          id: 'A',
          name: '企业服务',
          serviceMinutes: { mean: 12, cv: 0.5 },
          matters: [
            { id: 'short', share: 0.5, minutes: 4 },
            { id: 'long', share: 0.5, minutes: 8 },
          ],
        },
      ],
    };
    const r = parseScenario(raw);
    if (!r.ok) throw new Error(r.message);
    // Raw mean 6 → ×2: 8 and 16 minutes. Second moment 0.5·64 + 0.5·256 = 160; the category's is
    // (1 + 0.25)·144 = 180, so each matter keeps cv √(180/160 − 1) = 0.3536.
    const m = matterSpread(r.scenario.categories[0]!);
    expect(m?.map((x) => x.minutes)).toEqual([8, 16]);
    expect(m?.[0]?.cv).toBeCloseTo(0.3536, 4);
    const bad = { ...raw, categories: [{ ...raw.categories[0], matters: [{ id: 'x', share: 0.5, minutes: 4 }] }] };
    expect(parseScenario(bad).ok).toBe(false);
  });

  it('accepts every shipped scenario', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'scenarios');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['city-hall.json', 'county-yearend.json', 'township.json']);
    for (const f of files) {
      const r = parseScenario(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      expect(r.ok ? '' : r.message).toBe('');
    }
  });
});
