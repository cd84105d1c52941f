/**
 * What a published configuration bundle may change on this hall, and how the hall's own settings stay on
 * top. Pure: it checks a bundle against the hall and returns either a refusal (code + reason) or a plan
 * whose `apply` only assigns values (it cannot fail half-way). docs/network.md lists the rules:
 *
 *  - services: only 事项 the hall already offers (same id) are updated — code, names, keywords, guide,
 *    form fields, appointable, service minutes. The hall keeps each one's category (its routing is local);
 *    matters the hall does not offer are ignored (offering one is the hall's decision).
 *  - bundles: replaced by id, or added, when the hall offers every matter in them; others are ignored.
 *  - calendar: the bundle's holidays and 调休 working days replace the file's, with the supervisor's own
 *    calendar on top (a date the supervisor made a holiday or a working day stays so).
 *  - rating tags: the 差评 reason labels, at most 8 (the keypads' reason bits), slot i = the i-th tag.
 *  - alert thresholds: wait minutes per category (or the default), except categories whose threshold the
 *    supervisor set locally.
 */
import type { ConfigBundle, HallConfig } from '@hall/contract';

export interface LocalOverrides {
  calendar: { holidays: string[]; workdays: string[] } | null;
  /** Categories with a locally set wait threshold. */
  thresholds: Record<string, number> | null;
}

export interface BundlePlan {
  version: number;
  summary: { services: number; bundles: number; holidays: number; workdays: number; ratingTags: number; thresholds: number };
  apply(): void;
}

/** A refusal: a stable code, and its reason in English (`reason`, for logs) and Chinese (`reasonZh`). */
export type PlanResult = { ok: true; plan: BundlePlan } | { ok: false; code: string; reason: string; reasonZh: string };

const MAX_RATING_TAGS = 8;

export function planBundle(config: HallConfig, bundle: ConfigBundle, local: LocalOverrides): PlanResult {
  const c = bundle.content;
  const steps: Array<() => void> = [];
  const summary: BundlePlan['summary'] = { services: 0, bundles: 0, holidays: 0, workdays: 0, ratingTags: 0, thresholds: 0 };

  if (c.ratingTags) {
    if (c.ratingTags.length > MAX_RATING_TAGS)
      return {
        ok: false,
        code: 'TOO_MANY_RATING_TAGS',
        reason: `${c.ratingTags.length} rating tags; a hall keeps at most ${MAX_RATING_TAGS}`,
        reasonZh: `差评标签 ${c.ratingTags.length} 个，本厅最多 ${MAX_RATING_TAGS} 个`,
      };
    const long = c.ratingTags.find((t) => t.label.trim().length > 20);
    if (long)
      return {
        ok: false,
        code: 'RATING_TAG_TOO_LONG',
        reason: `rating tag ${long.id} is longer than 20 characters`,
        reasonZh: `差评标签 ${long.id} 超过 20 个字`,
      };
    const ids = new Set(c.ratingTags.map((t) => t.id));
    if (ids.size !== c.ratingTags.length)
      return { ok: false, code: 'DUPLICATE_RATING_TAG', reason: 'rating tag ids repeat', reasonZh: '差评标签编号重复' };
    const reasons = c.ratingTags.map((t, i) => ({ id: i, label: t.label.trim() }));
    summary.ratingTags = reasons.length;
    steps.push(() => {
      config.settings.ratingReasons = reasons;
    });
  }

  if (c.calendar) {
    const both = c.calendar.holidays.filter((d) => c.calendar?.workdays.includes(d));
    if (both.length > 0)
      return {
        ok: false,
        code: 'CALENDAR_CONFLICT',
        reason: `both a holiday and a working day: ${both.slice(0, 5).join(', ')}`,
        reasonZh: `同一天既是节假日又是调休上班日：${both.slice(0, 5).join('、')}`,
      };
    const lh = new Set(local.calendar?.holidays ?? []);
    const lw = new Set(local.calendar?.workdays ?? []);
    const holidays = [...new Set([...c.calendar.holidays, ...lh])].filter((d) => !lw.has(d)).sort();
    const workdays = [...new Set([...c.calendar.workdays, ...lw])].filter((d) => !lh.has(d)).sort();
    summary.holidays = c.calendar.holidays.length;
    summary.workdays = c.calendar.workdays.length;
    steps.push(() => {
      config.hours.holidays = holidays;
      config.hours.workdays = workdays;
    });
  }

  if (c.services) {
    const ids = new Set<string>();
    for (const s of c.services) {
      if (ids.has(s.id))
        return { ok: false, code: 'DUPLICATE_SERVICE', reason: `service ${s.id} appears twice`, reasonZh: `事项 ${s.id} 重复出现` };
      ids.add(s.id);
    }
    for (const s of c.services) {
      const mine = config.services.find((x) => x.id === s.id);
      if (!mine) continue;
      const { id: _id, categoryId: _cat, ...catalogue } = s;
      summary.services += 1;
      steps.push(() => {
        Object.assign(mine, catalogue);
        if (s.nameEn === undefined) delete mine.nameEn;
        if (s.code === undefined) delete mine.code;
        if (s.serviceMinutes === undefined) delete mine.serviceMinutes;
      });
    }
  }

  if (c.bundles) {
    const offered = new Set(config.services.map((s) => s.id));
    for (const b of c.bundles) {
      if (!b.serviceIds.every((id) => offered.has(id))) continue;
      summary.bundles += 1;
      steps.push(() => {
        const i = config.bundles.findIndex((x) => x.id === b.id);
        if (i >= 0) config.bundles[i] = b;
        else config.bundles.push(b);
      });
    }
  }

  if (c.alertThresholds) {
    const t = c.alertThresholds;
    for (const cat of config.categories) {
      if (local.thresholds && cat.id in local.thresholds) continue;
      const v = t.waitMinutesByCategory?.[cat.id] ?? t.defaultWaitMinutes;
      if (v === undefined) continue;
      summary.thresholds += 1;
      steps.push(() => {
        cat.waitThresholdMinutes = v;
      });
    }
  }

  return {
    ok: true,
    plan: {
      version: bundle.version,
      summary,
      apply: () => {
        for (const s of steps) s();
      },
    },
  };
}
