import { describe, expect, it } from 'vitest';
import { withNoShows } from './NoShows.tsx';

const t = (id: string, number: string, status: string, finishedAt: string | null = '2026-12-03T10:00:00.000+08:00') => ({
  id,
  number,
  status,
  finishedAt,
});

describe('the 过号 list of the hall screen', () => {
  it('adds no-shows newest first, once per ticket, and drops a ticket that came back', () => {
    let list = withNoShows([], [t('1', 'A001', 'no_show'), t('2', 'A002', 'called')]);
    expect(list.map((x) => x.number)).toEqual(['A001']);
    list = withNoShows(list, [t('3', 'F003', 'no_show'), t('1', 'A001', 'no_show')]);
    expect(list.map((x) => x.number)).toEqual(['A001', 'F003']);
    // Re-queued (waiting again): it leaves the list.
    list = withNoShows(list, [t('1', 'A001', 'waiting', null)]);
    expect(list.map((x) => x.number)).toEqual(['F003']);
  });
  it('keeps at most the given number', () => {
    const many = Array.from({ length: 9 }, (_, i) => t(String(i), `A00${i}`, 'no_show'));
    expect(withNoShows([], many, 6).map((x) => x.number)).toEqual(['A008', 'A007', 'A006', 'A005', 'A004', 'A003']);
  });
});
