import { describe, expect, it } from 'vitest';
import { bestColumns } from './useGridFit.ts';

describe('bestColumns', () => {
  it('lays 16 windows out 4 × 4 on a landscape board', () => {
    expect(bestColumns(16, 1110, 500, 1.75)).toBe(4);
  });
  it('prefers a full 4 × 2 board to a 3 × 3 one with two holes', () => {
    expect(bestColumns(7, 1110, 480, 1.75)).toBe(4);
    expect(bestColumns(8, 1050, 330, 2.6)).toBe(4);
  });
  it('gives a single tile the whole box and survives an unmeasured box', () => {
    expect(bestColumns(1, 800, 400, 1.75)).toBe(1);
    expect(bestColumns(5, 0, 0, 1.75)).toBe(1);
  });
});
