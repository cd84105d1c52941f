import { describe, expect, it } from 'vitest';
import { STRINGS } from '../strings.ts';
import { etaText } from './eta-text.ts';

const zh = STRINGS.zh.translation as unknown as Record<string, string>;
const t = (key: string, vars: Record<string, unknown> = {}) =>
  (zh[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));

describe('etaText', () => {
  it('says minutes under an hour and half hours beyond', () => {
    expect([0, 14.6, 59, 60, 75, 175].map((m) => etaText(t, m))).toEqual([
      '即将办理',
      '预计 15 分钟',
      '预计 59 分钟',
      '预计 1 小时',
      '预计 1.5 小时',
      '预计 3 小时',
    ]);
  });
});
