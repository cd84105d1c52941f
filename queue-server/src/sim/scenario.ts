/**
 * The hall-day scenario file (docs/scenario-format.md, docs/simulation.md): schema,
 * validation and conversion to simulator times. Unknown fields are ignored (zod strips them); missing
 * optional ones take the spec's defaults.
 *
 * One extension beyond the spec, optional and ignored by older readers: `arrivals[].priority`, the share
 * of that entry's tickets that are green-channel (绿色通道) or appointment tickets, so scenarios can
 * exercise the priority interleave. Default: every ticket is normal.
 *
 * A second one: `recorded`, the tickets of a real day (category, issue minute, recorded service minutes,
 * priority, no-show), replayed exactly instead of the Poisson `arrivals` when present. The supervisor's
 * what-if page exports such files, so the CLI reproduces its figures.
 */
import { z } from 'zod';

const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM (00:00–23:59)');
const Id = z.string().min(1).max(32);
const Share = z.number().min(0).max(1);

/**
 * A matter (事项) of a category: its share of the category's tickets and its expected minutes as the hall
 * configures it. The simulator scales the matters' minutes so their weighted mean is the category's mean,
 * and draws each ticket's service around its matter's time with the spread left over (`matterSpread`), so
 * the category keeps its mean and cv. The estimator is told each ticket's matter time, as the server is.
 */
const Matter = z.object({
  id: Id,
  share: z.number().positive().max(1),
  minutes: z.number().positive().max(480),
});

const Category = z.object({
  id: Id,
  name: z.string().min(1).max(40),
  serviceMinutes: z.object({ mean: z.number().positive().max(480), cv: z.number().min(0).max(5) }),
  noShowRate: Share.default(0),
  matters: z.array(Matter).max(50).optional(),
});

const Window = z.object({
  id: Id,
  home: Id,
  skills: z.array(Id).default([]),
  breaks: z.array(z.object({ from: Hhmm, to: Hhmm })).default([]),
});

/** A ticket of a recorded day (supervisor what-if): replayed as is instead of the Poisson arrivals. */
const Recorded = z.object({
  category: Id,
  /** Issue time, minutes since local midnight (fractions allowed). */
  atMinute: z
    .number()
    .min(0)
    .max(24 * 60),
  /** Home-speed service minutes as recorded (ignored for a no-show). */
  serviceMinutes: z.number().min(0).max(480),
  priority: z.enum(['normal', 'green', 'appointment']).default('normal'),
  noShow: z.boolean().default(false),
});

const Arrival = z.object({
  category: Id,
  from: Hhmm,
  to: Hhmm,
  perHour: z.number().min(0).max(10_000),
  priority: z.object({ green: Share.default(0), appointment: Share.default(0) }).optional(),
});

export const ScenarioSchema = z
  .object({
    name: z.string().min(1).max(100),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    day: z.object({ open: Hhmm, close: Hhmm }),
    crossSkillSlowdown: z.number().min(1).max(10).default(1),
    noShowTimeoutMinutes: z.number().min(0).max(120).default(2),
    categories: z.array(Category).min(1),
    windows: z.array(Window).min(1),
    arrivals: z.array(Arrival),
    recorded: z.array(Recorded).max(20_000).optional(),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
    if (minutes(s.day.open) >= minutes(s.day.close)) issue(['day'], 'day.open must be before day.close');
    const categories = new Set<string>();
    s.categories.forEach((c, i) => {
      if (categories.has(c.id)) issue(['categories', i, 'id'], `duplicate category id "${c.id}"`);
      categories.add(c.id);
      if (c.matters && Math.abs(c.matters.reduce((a, m) => a + m.share, 0) - 1) > 0.01)
        issue(['categories', i, 'matters'], 'matter shares must add up to 1');
    });
    const windows = new Set<string>();
    s.windows.forEach((w, i) => {
      if (windows.has(w.id)) issue(['windows', i, 'id'], `duplicate window id "${w.id}"`);
      windows.add(w.id);
      if (!categories.has(w.home)) issue(['windows', i, 'home'], `unknown category "${w.home}"`);
      w.skills.forEach((k, j) => {
        if (!categories.has(k)) issue(['windows', i, 'skills', j], `unknown category "${k}"`);
      });
      w.breaks.forEach((b, j) => {
        if (minutes(b.from) >= minutes(b.to)) issue(['windows', i, 'breaks', j], 'break.from must be before break.to');
      });
    });
    s.recorded?.forEach((r, i) => {
      if (!categories.has(r.category)) issue(['recorded', i, 'category'], `unknown category "${r.category}"`);
    });
    s.arrivals.forEach((a, i) => {
      if (!categories.has(a.category)) issue(['arrivals', i, 'category'], `unknown category "${a.category}"`);
      if (minutes(a.from) >= minutes(a.to)) issue(['arrivals', i], 'arrival.from must be before arrival.to');
      if (a.priority && a.priority.green + a.priority.appointment > 1)
        issue(['arrivals', i, 'priority'], 'priority shares add up to more than 1');
    });
  });

export type Scenario = z.infer<typeof ScenarioSchema>;

/** A matter as the simulator uses it: expected minutes (scaled to the category mean) and the spread around it. */
export interface MatterSpread {
  readonly id: string;
  readonly share: number;
  readonly minutes: number;
  readonly cv: number;
}

/**
 * The category's matters scaled so their weighted mean is the category's mean, each with the cv that keeps
 * the category's overall variance: (1 + cv²)·mean² = Σ share·minutes²·(1 + cvₘ²). When the matters alone
 * spread wider than the category, their cv is floored at 0.05.
 */
export function matterSpread(c: Scenario['categories'][number]): MatterSpread[] | null {
  if (!c.matters || c.matters.length === 0) return null;
  const total = c.matters.reduce((a, m) => a + m.share, 0);
  const raw = c.matters.reduce((a, m) => a + (m.share / total) * m.minutes, 0);
  const scale = c.serviceMinutes.mean / raw;
  const scaled = c.matters.map((m) => ({ id: m.id, share: m.share / total, minutes: m.minutes * scale }));
  const second = scaled.reduce((a, m) => a + m.share * m.minutes ** 2, 0);
  const cv2 = ((1 + c.serviceMinutes.cv ** 2) * c.serviceMinutes.mean ** 2) / second - 1;
  const cv = Math.sqrt(Math.max(0.05 ** 2, cv2));
  return scaled.map((m) => ({ ...m, cv }));
}

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; message: string };

/** Validates parsed JSON; the message lists every problem with its path, for the CLI's stderr. */
export function parseScenario(raw: unknown): ParseResult {
  const r = ScenarioSchema.safeParse(raw);
  if (r.success) return { ok: true, scenario: r.data };
  return { ok: false, message: z.prettifyError(r.error) };
}

/** Simulator clock: milliseconds since local midnight of the simulated day. */
export function hhmmToMs(hhmm: string): number {
  return (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000;
}
