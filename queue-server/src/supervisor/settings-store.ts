/**
 * Runtime hall settings a supervisor changes day to day (the allocation mode, wait thresholds, the long-pause
 * limit, opening hours and the holiday calendar). The hall configuration file holds the defaults; changes
 * made in the console are kept in the `setting` table (one JSON value per section) and survive restarts.
 *
 * Applying a section writes it onto the live `HallConfig` object in place, so every module that reads the
 * config (the hall service, `GET /hall`, the kiosk's hours, these alert rules) sees the new value at once
 * without knowing this store exists. Each change is audited in the event log (`hall.settings_changed`).
 */
import { z } from 'zod';
import { IsoDate as CalendarDate, spansOn, type HallConfig, type HoursConfig } from '@hall/contract';
import type { SettingRepository } from '../db/setting-repository.ts';
import type { HallService } from '../hall/hall-service.ts';
import { ok, type Actor } from '../hall/actor.ts';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM / time as HH:MM');
const IsoDate = CalendarDate;

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const Spans = z
  .array(z.object({ open: Hhmm, close: Hhmm }).strict())
  .max(4, '每天最多 4 个时段 / at most 4 spans a day')
  .superRefine((spans, ctx) => {
    let last = -1;
    spans.forEach((s, i) => {
      const o = toMin(s.open);
      const c = toMin(s.close);
      if (c <= o)
        ctx.addIssue({ code: 'custom', path: [i], message: `结束时间须晚于开始时间（${s.open}–${s.close}）/ close must be after open` });
      if (o < last)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `时段须按时间先后排列且不能重叠（${s.open}）/ spans must be in order and not overlap`,
        });
      last = Math.max(last, c);
    });
  });

export const AllocationMode = z.enum(['off', 'advisory', 'automatic']);
export type AllocationMode = z.infer<typeof AllocationMode>;

export const AllocationModeSection = z.object({ mode: AllocationMode }).strict();
export const ThresholdsSection = z
  .object({
    /** Minutes per category id; the alert fires when a category's wait goes over it. */
    waitThresholds: z.record(
      z.string().min(1).max(64),
      z
        .number({ error: '请输入分钟数 / enter minutes' })
        .int('须为整数 / whole minutes')
        .min(1, '至少 1 分钟 / at least 1 minute')
        .max(600, '不超过 600 分钟 / at most 600 minutes'),
    ),
    longPauseMinutes: z
      .number({ error: '请输入分钟数 / enter minutes' })
      .int('须为整数 / whole minutes')
      .min(1, '至少 1 分钟 / at least 1 minute')
      .max(240, '不超过 240 分钟 / at most 240 minutes'),
  })
  .strict();
export const HoursSection = z.object({ weekdays: Spans, saturday: Spans, sunday: Spans }).strict();
export const CalendarSection = z
  .object({
    holidays: z.array(IsoDate).max(400),
    workdays: z.array(IsoDate).max(100),
  })
  .strict()
  .superRefine((c, ctx) => {
    const both = c.holidays.filter((d) => c.workdays.includes(d));
    if (both.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['workdays'],
        message: `同一天不能既是节假日又是调休上班日：${both.join('、')} / a date cannot be both a holiday and a working day`,
      });
  });

export type ThresholdsSection = z.infer<typeof ThresholdsSection>;
export type HoursSection = z.infer<typeof HoursSection>;
export type CalendarSection = z.infer<typeof CalendarSection>;

export interface SupervisorSettings {
  allocationMode: AllocationMode;
  waitThresholds: Record<string, number>;
  longPauseMinutes: number;
  hours: HoursConfig;
  notices: string[];
  updatedAt: Record<string, { at: string; by: string | null }>;
}

const KEYS = {
  mode: 'supervisor.allocation_mode',
  thresholds: 'supervisor.thresholds',
  hours: 'supervisor.hours',
  calendar: 'supervisor.calendar',
} as const;
type Section = keyof typeof KEYS;

export class SettingsStore {
  private readonly listeners = new Set<(section: Section) => void>();

  constructor(
    private readonly store: SettingRepository,
    private readonly hall: HallService,
  ) {
    this.applyStored();
  }

  private get config(): HallConfig {
    return this.hall.config;
  }

  onChange(cb: (section: Section) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private read(key: string): { value: unknown; at: number; by: string | null } | null {
    const r = this.store.get(key);
    return r ? { value: r.value, at: r.updatedAt, by: r.updatedBy } : null;
  }

  /** Stored sections win over the configuration file; a stored value that no longer validates is ignored. */
  private applyStored(): void {
    const mode = AllocationModeSection.safeParse(this.read(KEYS.mode)?.value);
    if (mode.success) this.applyMode(mode.data.mode);
    const thr = ThresholdsSection.safeParse(this.read(KEYS.thresholds)?.value);
    if (thr.success) this.applyThresholds(thr.data);
    const hours = HoursSection.safeParse(this.read(KEYS.hours)?.value);
    if (hours.success) this.applyHours(hours.data);
    const cal = CalendarSection.safeParse(this.read(KEYS.calendar)?.value);
    if (cal.success) this.applyCalendar(cal.data);
  }

  private applyMode(mode: AllocationMode): void {
    this.config.settings.allocationMode = mode;
  }
  private applyThresholds(t: ThresholdsSection): void {
    for (const c of this.config.categories) {
      const v = t.waitThresholds[c.id];
      if (v !== undefined) c.waitThresholdMinutes = v;
    }
    this.config.settings.longPauseMinutes = t.longPauseMinutes;
  }
  private applyHours(h: HoursSection): void {
    this.config.hours.weekdays = h.weekdays;
    this.config.hours.saturday = h.saturday;
    this.config.hours.sunday = h.sunday;
  }
  private applyCalendar(c: CalendarSection): void {
    this.config.hours.holidays = [...new Set(c.holidays)].sort();
    this.config.hours.workdays = [...new Set(c.workdays)].sort();
  }

  get(): SupervisorSettings {
    const updatedAt: SupervisorSettings['updatedAt'] = {};
    for (const [section, key] of Object.entries(KEYS)) {
      const r = this.read(key);
      if (r) updatedAt[section] = { at: this.hall.iso(r.at), by: r.by };
    }
    return {
      allocationMode: this.config.settings.allocationMode,
      waitThresholds: Object.fromEntries(this.config.categories.map((c) => [c.id, c.waitThresholdMinutes])),
      longPauseMinutes: this.config.settings.longPauseMinutes,
      hours: this.config.hours,
      notices: this.hall.notices(),
      updatedAt,
    };
  }

  private save(section: Section, value: unknown, actor: Actor, summary: Record<string, unknown>): void {
    this.hall.command((tx) => {
      this.store.put(KEYS[section], value, tx.now, actor.id);
      tx.log({ type: 'hall.settings_changed', actor: actor.id, source: actor.source, data: { section, ...summary } });
      return ok(null);
    });
    for (const l of this.listeners) l(section);
  }

  setMode(actor: Actor, v: z.infer<typeof AllocationModeSection>): void {
    const before = this.config.settings.allocationMode;
    this.applyMode(v.mode);
    this.save('mode', v, actor, { before, after: v.mode });
  }

  setThresholds(actor: Actor, v: ThresholdsSection): string[] {
    const unknown = Object.keys(v.waitThresholds).filter((id) => !this.hall.categories.has(id));
    if (unknown.length > 0) return unknown;
    // Categories left out keep their current threshold.
    const merged: ThresholdsSection = {
      longPauseMinutes: v.longPauseMinutes,
      waitThresholds: { ...this.get().waitThresholds, ...v.waitThresholds },
    };
    this.applyThresholds(merged);
    this.save('thresholds', merged, actor, { waitThresholds: merged.waitThresholds, longPauseMinutes: merged.longPauseMinutes });
    return [];
  }

  setHours(actor: Actor, v: HoursSection): void {
    this.applyHours(v);
    this.save('hours', v, actor, { weekdays: v.weekdays.length, saturday: v.saturday.length, sunday: v.sunday.length });
  }

  setCalendar(actor: Actor, v: CalendarSection): void {
    this.applyCalendar(v);
    this.save('calendar', { holidays: this.config.hours.holidays, workdays: this.config.hours.workdays }, actor, {
      holidays: v.holidays.length,
      workdays: v.workdays.length,
    });
  }
}

/** Whether the hall is open at a local date and minute of the day (holidays closed, 调休 workdays open as weekdays). */
export function isOpenAt(hours: HoursConfig, date: string, minuteOfDay: number): boolean {
  return spansOn(hours, date).some((s) => minuteOfDay >= toMin(s.open) && minuteOfDay < toMin(s.close));
}
