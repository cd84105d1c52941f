import { describe, expect, it } from 'vitest';
import { fairerWhereSlower, gapClosed, generatedTable, violations, type DayResult } from './generated.ts';

/** A hand-made day: the figures are typed in, so every expected value below is worked out by hand. */
function day(seed: number, mean: Record<string, number>, extra: Partial<DayResult> = {}): DayResult {
  return {
    seed,
    windows: 5,
    categories: 3,
    structure: 'chained',
    load: 0.9,
    slowdown: 1.3,
    tickets: 100,
    mean,
    p90: mean,
    max: { static: 40, skillfifo: 40, homefirst: 40, dynamic: 30, pooled: 10 },
    unserved: { static: 0, skillfifo: 0, homefirst: 0, dynamic: 0, pooled: 0 },
    dynamicWorstCategory: { id: 'A', max: 30 },
    freeCrossSkillMean: { skillfifo: 8, dynamic: 6 },
    worstCategoryMean: {},
    ...extra,
  };
}

describe('generated days table', () => {
  it('reports the home-speed reference beside the ratios', () => {
    const days = [
      day(1, { static: 12, skillfifo: 10, homefirst: 9, dynamic: 7, pooled: 4 }),
      day(2, { static: 25, skillfifo: 20, homefirst: 18, dynamic: 15, pooled: 8 }, { freeCrossSkillMean: { skillfifo: 14, dynamic: 12 } }),
    ];
    const table = generatedTable(days);
    // skillfifo at home speed ÷ skillfifo: 8/10 = 0.80 and 14/20 = 0.70; nearest-rank median of two is the lower.
    expect(table).toContain(
      '| reference: skillfifo with cross-skill work at home speed ÷ skillfifo, mean wait | 0.70 | 0.80 | 0.80 | 0.70 |',
    );
    // dynamic at home speed ÷ skillfifo: 6/10 = 0.60 and 12/20 = 0.60.
    expect(table).toContain(
      '| reference: dynamic with cross-skill work at home speed ÷ skillfifo, mean wait | 0.60 | 0.60 | 0.60 | 0.60 |',
    );
    // Per structure: both days chained; dynamic ÷ skillfifo 0.70 and 0.75; gap closed 3/6 = 0.50 and 5/12.
    expect(table).toContain('| chained | 2 | 0.70 | 0.78 | 0.42 | 0.60 |');
    expect(table).toContain('**held on every day**');
  });

  it('names each broken invariant', () => {
    const worse = day(
      3,
      { static: 9, skillfifo: 8, homefirst: 9, dynamic: 9.5, pooled: 4 },
      { dynamicWorstCategory: { id: 'C', max: 56 } },
    );
    expect(violations([worse]).map((v) => v.what)).toEqual([
      'dynamic 9.50 > static 9.00',
      'dynamic 9.50 > skillfifo 8.00',
      'category C waited 56.0 min under dynamic (bound 55.0)',
    ]);
    expect(gapClosed(worse)).toBeCloseTo(-1.5 / 4, 10);
  });

  it('names the longest-waiting category beside a higher mean, and counts the days dynamic is fairer', () => {
    type Worst = [id: string, mean: number];
    const worst = ([sId, s]: Worst, [fId, f]: Worst, [yId, y]: Worst): Partial<DayResult> => ({
      worstCategoryMean: { static: { id: sId, mean: s }, skillfifo: { id: fId, mean: f }, dynamic: { id: yId, mean: y } },
    });
    // Above static, whose worst queue waits 60 min on average against dynamic's 25: fairer.
    const fairer = day(4, { static: 9, skillfifo: 12, homefirst: 11, dynamic: 10, pooled: 4 }, worst(['C', 60], ['C', 30], ['B', 25]));
    // Above skillfifo and its worst queue waits longer too (18 against 14): not fairer.
    const worse = day(5, { static: 20, skillfifo: 8, homefirst: 9, dynamic: 9, pooled: 4 }, worst(['A', 50], ['A', 14], ['A', 18]));
    expect(violations([fairer, worse]).map((v) => v.what)).toEqual([
      'dynamic 10.00 > static 9.00 (longest-waiting category on average: static C 60.0, dynamic B 25.0)',
      'dynamic 9.00 > skillfifo 8.00 (longest-waiting category on average: skillfifo A 14.0, dynamic A 18.0)',
    ]);
    expect(fairerWhereSlower([fairer, worse], 'static')).toEqual({ slower: 1, fairer: 1 });
    expect(fairerWhereSlower([fairer, worse], 'skillfifo')).toEqual({ slower: 1, fairer: 0 });
    expect(generatedTable([fairer, worse])).toContain('on 1 of the 1 days above static and on 0 of the 1 days above skillfifo.');
  });
});
