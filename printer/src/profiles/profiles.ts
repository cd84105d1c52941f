/**
 * Printer models are data (style rule R13): one JSON file per profile in this folder, loaded by id.
 * Adding a printer model means adding a JSON file and a line to BUNDLED below; no code changes.
 */
import p58 from './58mm.json' with { type: 'json' };
import p58basic from './58mm-basic.json' with { type: 'json' };
import p80 from './80mm.json' with { type: 'json' };

/** What the layout needs to know about a printer model. */
export interface PrinterProfile {
  id: string;
  name: string;
  paperWidthMm: number;
  printWidthMm: number;
  /** Printable width in dots (203 dpi: 8 dots per mm). */
  dots: number;
  /** Characters per line in the normal font A (12 dots per ASCII column; a Chinese character takes 2). */
  columns: number;
  /** Whether the printer implements GS ( k QR; otherwise the QR is sent as a GS v 0 raster image. */
  supportsQr: boolean;
  /** Only GB18030 (two-byte codes) is supported by this workspace. */
  codePage: 'gb18030';
  cut: 'partial' | 'full';
  /** QR dots per module (1–16). */
  qrModuleSize: number;
  /** Lines fed before the cut: the cutter sits above the print head. */
  feedLinesBeforeCut: number;
}

export const DEFAULT_PROFILE_ID = '80mm';

export class UnknownProfileError extends Error {
  constructor(readonly profileId: string) {
    super(`unknown printer profile "${profileId}" (known: ${listProfiles().join(', ')})`);
    this.name = 'UnknownProfileError';
  }
}

/** Checks a profile object (from JSON) and returns it typed; throws TypeError naming the bad field. */
export function validateProfile(raw: unknown): PrinterProfile {
  if (typeof raw !== 'object' || raw === null) throw new TypeError('printer profile must be an object');
  const o = raw as Record<string, unknown>;
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v === '') throw new TypeError(`printer profile: "${k}" must be a non-empty string`);
    return v;
  };
  const int = (k: string, lo: number, hi: number): number => {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
      throw new TypeError(`printer profile: "${k}" must be an integer ${lo}–${hi}`);
    return v;
  };
  if (typeof o['supportsQr'] !== 'boolean') throw new TypeError('printer profile: "supportsQr" must be a boolean');
  if (o['codePage'] !== 'gb18030') throw new TypeError('printer profile: "codePage" must be "gb18030"');
  const cut = o['cut'];
  if (cut !== 'partial' && cut !== 'full') throw new TypeError('printer profile: "cut" must be "partial" or "full"');
  return {
    id: str('id'),
    name: str('name'),
    paperWidthMm: int('paperWidthMm', 30, 120),
    printWidthMm: int('printWidthMm', 20, 120),
    dots: int('dots', 128, 1024),
    columns: int('columns', 16, 96),
    supportsQr: o['supportsQr'],
    codePage: 'gb18030',
    cut,
    qrModuleSize: int('qrModuleSize', 1, 16),
    feedLinesBeforeCut: int('feedLinesBeforeCut', 0, 20),
  };
}

const BUNDLED: ReadonlyMap<string, PrinterProfile> = new Map(
  [p58, p58basic, p80].map((p) => {
    const v = validateProfile(p);
    return [v.id, v] as const;
  }),
);

export function listProfiles(): string[] {
  return [...BUNDLED.keys()];
}

/** The profile with that id; throws UnknownProfileError for an id no JSON file defines. */
export function loadProfile(id: string = DEFAULT_PROFILE_ID): PrinterProfile {
  const p = BUNDLED.get(id);
  if (!p) throw new UnknownProfileError(id);
  return { ...p };
}
