import { describe, expect, it } from 'vitest';
import { MATTER_STATUSES, type MatterStatus } from '@hall/contract';
import { finishAtWindow, MATTER_RULES, updateMatter, type MatterCore } from './matter-rules.ts';

const m = (serviceId: string, categoryId: string, status: MatterStatus = 'pending'): MatterCore => ({
  serviceId,
  categoryId,
  status,
  windowId: null,
  updatedAt: null,
});
// 我要开餐馆: three matters of 企业服务/税务 and one of 公安.
const restaurant = [
  m('company-setup', 'enterprise'),
  m('seal-filing', 'police'),
  m('food-license', 'enterprise'),
  m('new-taxpayer', 'tax'),
];
const W01 = { windowId: 'W01', certified: ['enterprise', 'tax'], now: 5000 };

/** Hand-written: the result of setting a matter from each status (rows) to each target (columns). */
const TARGETS = ['accepted', 'done', 'transferred', 'needs_documents'] as const;
const X = 'MATTER_STATUS';
const EXPECTED: Record<MatterStatus, readonly string[]> = {
  //               accepted     done    transferred     needs_documents
  pending: ['accepted', 'done', 'transferred', 'needs_documents'],
  accepted: [X, 'done', 'transferred', 'needs_documents'],
  needs_documents: ['accepted', 'done', 'transferred', X],
  done: [X, X, X, X],
  transferred: [X, X, X, X],
};

describe('matter rules', () => {
  it('the table covers every status', () => {
    expect(Object.keys(MATTER_RULES).sort()).toEqual([...MATTER_STATUSES].sort());
  });
  for (const from of MATTER_STATUSES) {
    it(`from ${from} gives the hand-written result`, () => {
      const got = TARGETS.map((to) => {
        const r = updateMatter([m('x', 'enterprise', from)], 'x', to, W01);
        return r.ok ? r.matters[0]?.status : r.code;
      });
      expect(got).toEqual(EXPECTED[from]);
    });
  }

  it('a window sets only matters of categories it may serve, and records itself', () => {
    const police = updateMatter(restaurant, 'seal-filing', 'accepted', W01);
    expect(police.ok ? 'ok' : police.code).toBe('MATTER_NOT_CERTIFIED');
    const unknown = updateMatter(restaurant, 'deed-tax', 'accepted', W01);
    expect(unknown.ok ? 'ok' : unknown.code).toBe('UNKNOWN_MATTER');
    const r = updateMatter(restaurant, 'food-license', 'accepted', W01);
    expect(r.ok && r.matters[2]).toEqual({
      serviceId: 'food-license',
      categoryId: 'enterprise',
      status: 'accepted',
      windowId: 'W01',
      updatedAt: 5000,
    });
  });

  it('finishing at a window closes its matters and sends the visit on to the next open category', () => {
    const r = finishAtWindow(restaurant, W01);
    expect(r.matters.map((x) => x.status)).toEqual(['done', 'pending', 'done', 'done']);
    expect(r.nextCategory).toBe('police');
    const atPolice = finishAtWindow(r.matters, { windowId: 'W11', certified: ['police'], now: 9000 });
    expect(atPolice.matters.map((x) => x.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(atPolice.nextCategory).toBeNull();
  });

  it('a window certified for every matter finishes the whole visit; 需补件 and 转办 are kept', () => {
    const all = { windowId: 'W05', certified: ['enterprise', 'tax', 'police'], now: 7000 };
    const marked = [...restaurant.slice(0, 2), m('food-license', 'enterprise', 'needs_documents'), m('new-taxpayer', 'tax', 'transferred')];
    const r = finishAtWindow(marked, all);
    expect(r.matters.map((x) => x.status)).toEqual(['done', 'done', 'needs_documents', 'transferred']);
    expect(r.nextCategory).toBeNull();
  });
});
