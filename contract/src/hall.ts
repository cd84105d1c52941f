import { z } from 'zod';
import { IsoDate } from './time.ts';
import { normalisePublicUrl, publicUrlProblem } from './public-url.ts';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'ids are 1–32 letters, digits, _ or -');
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM');
const Text = (max = 200) => z.string().trim().min(1).max(max);

export const CategoryConfig = z.object({
  id: Id,
  name: Text(40),
  nameEn: z.string().max(80).optional(),
  /** Ticket prefix: one or two capital letters. */
  prefix: z.string().regex(/^[A-Z]{1,2}$/),
  /** Supervisor alert when the predicted wait exceeds this. */
  waitThresholdMinutes: z.number().int().positive().max(600).default(30),
  /** Prior for service time before the hall has history. */
  defaultServiceMinutes: z.number().positive().max(240).default(10),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});
export type CategoryConfig = z.infer<typeof CategoryConfig>;

export const Material = z.object({
  name: Text(120),
  /** 原件 / 复印件 / 原件和复印件 / 电子 */
  form: z.enum(['original', 'copy', 'original+copy', 'electronic']),
  count: z.number().int().min(0).max(99).default(1),
  note: z.string().max(300).optional(),
  required: z.boolean().default(true),
});
export type Material = z.infer<typeof Material>;

/** 办事指南: the one-time notice (一次性告知) of a matter. Data, imported per matter code. */
export const ServiceGuide = z.object({
  conditions: z.array(Text(300)).default([]),
  materials: z.array(Material).default([]),
  process: z.array(Text(200)).default([]),
  fee: z.string().max(200).default('不收费'),
  legalLimitDays: z.number().int().min(0).max(365).nullable().default(null),
  promisedLimitDays: z.number().int().min(0).max(365).nullable().default(null),
  /** 即办件 (served on the spot) or 承诺件 (result within the promised limit). */
  kind: z.enum(['immediate', 'promised']).default('immediate'),
  maxVisits: z.number().int().min(0).max(5).default(1),
  location: z.string().max(120).optional(),
  hours: z.string().max(120).optional(),
  basis: z.string().max(400).optional(),
  consultPhone: z.string().max(40).optional(),
  complaintPhone: z.string().max(40).optional(),
  online: z.string().max(200).optional(),
});
export type ServiceGuide = z.infer<typeof ServiceGuide>;

export const FormField = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/),
  label: Text(40),
  labelEn: z.string().max(80).optional(),
  type: z.enum(['text', 'number', 'date', 'select', 'textarea']).default('text'),
  options: z.array(Text(60)).optional(),
  required: z.boolean().default(false),
  maxLength: z.number().int().positive().max(500).default(100),
});
export type FormField = z.infer<typeof FormField>;

export const ServiceConfig = z.object({
  id: Id,
  /** The matter's code in the province's catalogue (事项编码). */
  code: z.string().max(64).optional(),
  name: Text(80),
  nameEn: z.string().max(120).optional(),
  categoryId: Id,
  keywords: z.array(z.string().max(20)).default([]),
  /** High-frequency matters that take appointments. */
  appointable: z.boolean().default(false),
  serviceMinutes: z.number().positive().max(240).optional(),
  guide: ServiceGuide.default(ServiceGuide.parse({})),
  formFields: z.array(FormField).default([]),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

/** 一事一次办: a life event that bundles several matters into one visit and one ticket. */
export const BundleConfig = z.object({
  id: Id,
  name: Text(40),
  nameEn: z.string().max(80).optional(),
  description: z.string().max(200).optional(),
  serviceIds: z.array(Id).min(1).max(20),
});
export type BundleConfig = z.infer<typeof BundleConfig>;

export const WindowConfig = z.object({
  id: Id,
  name: Text(20),
  /** The number called out: "请到 5 号窗口". */
  number: z.number().int().min(1).max(999),
  /** Categories the window can serve, most preferred first. */
  skills: z.array(Id).min(1),
  home: Id,
  zone: z.string().max(40).optional(),
});
export type WindowConfig = z.infer<typeof WindowConfig>;

export const Role = z.enum(['staff', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const StaffConfig = z.object({
  username: z.string().regex(/^[a-z][a-z0-9_.-]{1,31}$/),
  displayName: Text(20),
  role: Role.default('staff'),
  certified: z.array(Id).default([]),
  /** Only for demo and first setup; hashed on import and never stored in clear. */
  initialPassword: z.string().min(8).max(128).optional(),
});
export type StaffConfig = z.infer<typeof StaffConfig>;

const OpeningSpan = z.object({ open: Hhmm, close: Hhmm });
export const HoursConfig = z.object({
  weekdays: z.array(OpeningSpan).default([
    { open: '08:30', close: '12:00' },
    { open: '13:30', close: '17:30' },
  ]),
  saturday: z.array(OpeningSpan).default([]),
  sunday: z.array(OpeningSpan).default([]),
  /** Local dates that are closed (法定节假日) and extra working days (调休上班). */
  holidays: z.array(IsoDate).default([]),
  workdays: z.array(IsoDate).default([]),
  /**
   * Kiosks stop issuing this many minutes before the end of each opening span (停止取号), e.g. 30 with
   * 13:30–17:30 means the last kiosk ticket at 17:00. 0 issues until the close. Staff may still issue, and
   * tickets already taken are served to the end. See `hallOpening` in hours.ts.
   */
  lastTicketMinutesBeforeClose: z.number().int().min(0).max(240).default(0),
});
export type HoursConfig = z.infer<typeof HoursConfig>;

const Addr = z.number().int().min(1).max(247);
const SerialPath = z.string().min(1).max(200);
export const PrinterConfig = z.discriminatedUnion('type', [
  z.object({ id: Id, type: z.literal('virtual'), profile: z.string().max(40).optional() }),
  z.object({
    id: Id,
    type: z.literal('serial'),
    path: SerialPath,
    baudRate: z.number().int().positive().default(9600),
    profile: z.string().max(40).optional(),
  }),
  z.object({
    id: Id,
    type: z.literal('tcp'),
    host: z.string().min(1).max(200),
    port: z.number().int().min(1).max(65535).default(9100),
    profile: z.string().max(40).optional(),
  }),
  z.object({
    id: Id,
    type: z.literal('usb'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    profile: z.string().max(40).optional(),
  }),
]);
export type PrinterConfig = z.infer<typeof PrinterConfig>;

/** Section 4 of the interfaces spec, verbatim. */
export const DevicesConfig = z.object({
  buses: z.array(z.object({ id: Id, path: SerialPath, baudRate: z.number().int().positive().default(9600) })).default([]),
  ratingKeypads: z.array(z.object({ windowId: Id, bus: Id, address: Addr })).default([]),
  windowDisplays: z.array(z.object({ windowId: Id, bus: Id, address: Addr })).default([]),
  callerKeypads: z.array(z.object({ windowId: Id, bus: Id, address: Addr })).default([]),
  hidRatingKeypads: z
    .array(
      z.object({
        windowId: Id,
        vendorId: z.number().int().min(0).max(0xffff),
        productId: z.number().int().min(0).max(0xffff),
        levelByte: z.number().int().min(0).max(63),
      }),
    )
    .default([]),
  printers: z.array(PrinterConfig).default([]),
});
export type DevicesConfig = z.infer<typeof DevicesConfig>;

export const NoShowPolicy = z.object({
  /** Calls (the first plus recalls) after which a missing citizen may be marked 过号. */
  afterCalls: z.number().int().min(1).max(10).default(3),
  /** Where staff re-queue a returning citizen. */
  requeue: z.enum(['head', 'offset', 'tail']).default('offset'),
  requeueOffset: z.number().int().min(0).max(100).default(3),
  /**
   * Automatic 过号: a called ticket nobody started ends as a no-show (outcome auto_no_show) once it has
   * been called `afterCalls` times and `afterMinutes` have passed since its last call. Off by default.
   */
  auto: z
    .object({
      enabled: z.boolean().default(false),
      afterCalls: z.number().int().min(1).max(10).default(3),
      afterMinutes: z.number().min(0.5).max(60).default(3),
    })
    .default({ enabled: false, afterCalls: 3, afterMinutes: 3 }),
});

/** A 绿色通道 group the hall recognises. */
export const PriorityGroupConfig = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/),
  label: Text(20),
  labelEn: z.string().max(40).optional(),
});
export type PriorityGroupConfig = z.infer<typeof PriorityGroupConfig>;

export const DEFAULT_PRIORITY_GROUPS: PriorityGroupConfig[] = [
  { id: 'elderly', label: '老年人', labelEn: 'Elderly' },
  { id: 'disabled', label: '残疾人', labelEn: 'Disabled' },
  { id: 'pregnant', label: '孕妇', labelEn: 'Pregnant' },
  { id: 'military', label: '军人', labelEn: 'Military' },
  { id: 'other', label: '其他', labelEn: 'Other' },
];

/**
 * 预约 rules. An arrival before the slot start waits held until the slot (then joins with priority); from
 * the slot start to `graceMinutes` after the slot end it joins with priority at once; later it gets a
 * normal ticket and the booking is marked late. A booking nobody checked in for by the slot end plus the
 * grace is recorded as 爽约 (missed).
 * `repeatedNoShow`: the hall's policy for repeated 爽约 (e.g. restrict booking after 3 in a quarter). The
 * hall never applies it silently: reports list who reached it and the import answer counts bookings of
 * people who did; the booking system decides.
 */
export const AppointmentRules = z.object({
  graceMinutes: z.number().int().min(0).max(240).default(15),
  repeatedNoShow: z
    .object({
      count: z.number().int().min(1).max(20).default(3),
      periodDays: z.number().int().min(7).max(366).default(90),
      action: z.enum(['report', 'restrict']).default('report'),
    })
    .default({ count: 3, periodDays: 90, action: 'report' }),
});
export type AppointmentRules = z.infer<typeof AppointmentRules>;

export const HallSettings = z.object({
  /** Recalls allowed after the first call. */
  recallCap: z.number().int().min(0).max(10).default(2),
  noShow: NoShowPolicy.default(NoShowPolicy.parse({})),
  /** After this many priority tickets in a row at a window, a waiting normal ticket goes next. */
  priorityInterleave: z.number().int().min(1).max(20).default(3),
  /** Any ticket that has waited this long goes ahead of the window's preferences. */
  fairnessMaxWaitMinutes: z.number().int().min(5).max(600).default(40),
  allocationMode: z.enum(['off', 'advisory', 'automatic']).default('advisory'),
  priorityGroups: z.array(PriorityGroupConfig).min(1).max(20).default(DEFAULT_PRIORITY_GROUPS),
  appointments: AppointmentRules.default(AppointmentRules.parse({})),
  /** Print the last 4 digits of the ID on the ticket. */
  printMaskedId: z.boolean().default(false),
  /** Days after which personal fields of closed tickets are pseudonymised. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** Let kiosks and displays on this machine pair without a code (the one-machine demo hall). */
  trustLoopbackDevices: z.boolean().default(false),
  /**
   * The demo hall: its seeded passwords are public, so only here may they stay; outside it every seeded or
   * reset password must be changed at its first sign-in.
   */
  demo: z.boolean().default(false),
  /**
   * Behind a reverse proxy: which proxies to believe about the client's address (Fastify's trustProxy: true,
   * a hop count, or proxy addresses/CIDRs). Off by default, and requests that came through a proxy are
   * never treated as this machine's own (no pairing without a code, no console allowance).
   */
  trustProxy: z.union([z.boolean(), z.number().int().min(1).max(10), z.array(z.string().min(1).max(64)).max(20)]).default(false),
  /** Addresses of the hall's own console machines (besides loopback): a failed sign-in there never locks for long. */
  consoleAddresses: z.array(z.string().min(1).max(64)).max(20).default([]),
  /**
   * The end of the day: at the close of the last opening span plus this grace, every ticket still open
   * ends (outcome day_closed) and every window is signed out; a new business date does the same first.
   */
  dayClose: z.object({ graceMinutes: z.number().int().min(0).max(240).default(30) }).default({ graceMinutes: 30 }),
  longPauseMinutes: z.number().int().min(1).max(240).default(20),
  ratingReasons: z.array(z.object({ id: z.number().int().min(0).max(7), label: Text(20) })).default([
    { id: 0, label: '态度不好' },
    { id: 1, label: '等候太久' },
    { id: 2, label: '办事效率低' },
    { id: 3, label: '一次性告知不清' },
    { id: 4, label: '要求重复提交材料' },
    { id: 5, label: '业务不熟练' },
    { id: 6, label: '环境设施差' },
    { id: 7, label: '其他' },
  ]),
  /** 好差评 metric policy: the province's rules (contract/src/rating-metrics.ts) with optional overrides. */
  ratingPolicy: z
    .object({
      province: z.string().max(40).default('national'),
      defaultAfterDays: z.number().int().min(1).max(60).nullable().optional(),
      ratingPeriodDays: z.number().int().min(1).max(365).nullable().optional(),
    })
    .default({ province: 'national' }),
  rectification: z
    .object({
      verifyDays: z.number().int().min(0).max(30).default(1),
      rectifyDays: z.number().int().min(1).max(60).default(15),
      revisitDays: z.number().int().min(0).max(30).default(1),
    })
    .default({ verifyDays: 1, rectifyDays: 15, revisitDays: 1 }),
  notices: z.array(z.string().max(200)).default([]),
  voice: z
    .object({
      template: z.string().max(60).default('请 {number} 号到 {window} 号窗口办理'),
      /** Times each call is said (the first saying and its repetitions). */
      repeat: z.number().int().min(1).max(3).default(2),
      rate: z.number().min(0.5).max(2).default(0.9),
      volume: z.number().min(0).max(1).default(1),
      chime: z.boolean().default(true),
      /** The shorter sentence hall screens switch to under a burst of calls (voice-schedule.ts in display/). */
      briefTemplate: z.string().max(60).default('{number} 号到 {window} 号窗口'),
      /** Said when a ticket ends as 过号 (automatically or by staff); empty says nothing. */
      noShowTemplate: z.string().max(60).default(''),
    })
    .default({
      template: '请 {number} 号到 {window} 号窗口办理',
      repeat: 2,
      rate: 0.9,
      volume: 1,
      chime: true,
      briefTemplate: '{number} 号到 {window} 号窗口',
      noShowTemplate: '',
    }),
});
export type HallSettings = z.infer<typeof HallSettings>;

export const KioskConfig = z.object({ id: Id, name: Text(40), printerId: Id.optional() });

export const HallConfig = z
  .object({
    /** The editor's pointer to config/hall.schema.json; ignored by the server. */
    $schema: z.string().optional(),
    hall: z.object({
      name: Text(60),
      nameEn: z.string().max(120).optional(),
      timeZone: z.string().default('Asia/Shanghai'),
      address: z.string().max(120).optional(),
      helpDesk: z.string().max(60).default('导办台'),
      phone: z.string().max(40).optional(),
      /** Where phones and other machines reach the hall: `http(s)://host[:port]` (see public-url.ts). */
      publicUrl: z
        .string()
        .max(200)
        .refine((v) => publicUrlProblem(v) === undefined, { message: 'an http:// or https:// URL with only scheme, host and port' })
        .transform(normalisePublicUrl)
        .optional(),
    }),
    hours: HoursConfig.default(HoursConfig.parse({})),
    settings: HallSettings.default(HallSettings.parse({})),
    categories: z.array(CategoryConfig).min(1),
    services: z.array(ServiceConfig).default([]),
    bundles: z.array(BundleConfig).default([]),
    windows: z.array(WindowConfig).default([]),
    staff: z.array(StaffConfig).default([]),
    kiosks: z.array(KioskConfig).default([]),
    devices: DevicesConfig.default(DevicesConfig.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const cats = new Set(cfg.categories.map((c) => c.id));
    const dup = (list: string[], path: string) => {
      const seen = new Set<string>();
      for (const v of list) {
        if (seen.has(v)) ctx.addIssue({ code: 'custom', message: `duplicate ${path} ${v}`, path: [path] });
        seen.add(v);
      }
    };
    dup(
      cfg.categories.map((c) => c.id),
      'categories',
    );
    dup(
      cfg.categories.map((c) => c.prefix),
      'categories.prefix',
    );
    dup(
      cfg.services.map((s) => s.id),
      'services',
    );
    dup(
      cfg.windows.map((w) => w.id),
      'windows',
    );
    dup(
      cfg.staff.map((s) => s.username),
      'staff',
    );
    const services = new Set(cfg.services.map((s) => s.id));
    for (const s of cfg.services)
      if (!cats.has(s.categoryId))
        ctx.addIssue({ code: 'custom', message: `service ${s.id} has unknown category ${s.categoryId}`, path: ['services'] });
    for (const b of cfg.bundles)
      for (const id of b.serviceIds)
        if (!services.has(id)) ctx.addIssue({ code: 'custom', message: `bundle ${b.id} has unknown service ${id}`, path: ['bundles'] });
    for (const w of cfg.windows) {
      for (const s of w.skills)
        if (!cats.has(s)) ctx.addIssue({ code: 'custom', message: `window ${w.id} has unknown skill ${s}`, path: ['windows'] });
      if (!w.skills.includes(w.home))
        ctx.addIssue({ code: 'custom', message: `window ${w.id}: home ${w.home} must be among its skills`, path: ['windows'] });
    }
    const windows = new Set(cfg.windows.map((w) => w.id));
    const d = cfg.devices;
    for (const k of [...d.ratingKeypads, ...d.windowDisplays, ...d.callerKeypads, ...d.hidRatingKeypads])
      if (!windows.has(k.windowId)) ctx.addIssue({ code: 'custom', message: `device for unknown window ${k.windowId}`, path: ['devices'] });
    const buses = new Set(d.buses.map((b) => b.id));
    for (const k of [...d.ratingKeypads, ...d.windowDisplays, ...d.callerKeypads])
      if (!buses.has(k.bus)) ctx.addIssue({ code: 'custom', message: `device on unknown bus ${k.bus}`, path: ['devices'] });
  });
export type HallConfig = z.infer<typeof HallConfig>;

/** What `GET /api/v1/hall` returns: public, no staff. */
export interface HallInfo {
  name: string;
  nameEn?: string | undefined;
  timeZone: string;
  helpDesk: string;
  businessDate: string;
  hours: HoursConfig;
  categories: Array<Pick<CategoryConfig, 'id' | 'name' | 'nameEn' | 'prefix' | 'color'>>;
  services: Array<
    Pick<ServiceConfig, 'id' | 'name' | 'nameEn' | 'categoryId' | 'code' | 'keywords' | 'appointable' | 'guide' | 'formFields'>
  >;
  bundles: BundleConfig[];
  windows: Array<Pick<WindowConfig, 'id' | 'name' | 'number' | 'zone'>>;
  ratingReasons: HallSettings['ratingReasons'];
  voice: HallSettings['voice'];
  noShowAfterCalls: number;
  priorityGroups: PriorityGroupConfig[];
}
