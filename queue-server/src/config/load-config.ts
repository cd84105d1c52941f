/** Loading the hall configuration: JSON, validated with the contract's zod schema, with clear errors. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DevicesConfig, HallConfig } from '@hall/contract';

import { DEMO_HALL_FILE } from '../paths.ts';

export const DEMO_HALL_PATH = DEMO_HALL_FILE;

export class ConfigError extends Error {}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${what} ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function explain(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('\n');
}

export function parseHallConfig(raw: unknown, source = 'config'): HallConfig {
  const r = HallConfig.safeParse(raw);
  if (!r.success) throw new ConfigError(`${source} is not a valid hall configuration:\n${explain(r.error)}`);
  return r.data;
}

export function loadHallConfig(file: string = DEMO_HALL_PATH, devicesFile?: string): HallConfig {
  const raw = readJson(file, 'hall configuration') as Record<string, unknown>;
  if (devicesFile) {
    const dev = readJson(devicesFile, 'devices file') as { devices?: unknown };
    const r = DevicesConfig.safeParse(dev?.devices);
    if (!r.success) throw new ConfigError(`devices file ${devicesFile} has no valid "devices" block:\n${explain(r.error)}`);
    raw.devices = dev.devices;
  }
  return parseHallConfig(raw, file);
}
