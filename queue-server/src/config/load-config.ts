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
    throw new ConfigError(
      `无法读取${what === 'devices file' ? '设备文件' : '大厅配置'} ${file} / cannot read ${what} ${file}: ${(err as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `${what === 'devices file' ? '设备文件' : '大厅配置'} ${file} 不是有效的 JSON / ${what} ${file} is not valid JSON: ${(err as Error).message}`,
    );
  }
}

/**
 * Chinese for the project's own validation messages (zod's built-in messages come in Chinese from its
 * zh-CN locale): an English message → its Chinese words, by pattern.
 */
const ZH_CUSTOM: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^a real date as YYYY-MM-DD$/, () => '应为真实存在的日期（YYYY-MM-DD）'],
  [/^an http:\/\/ or https:\/\/ URL with only scheme, host and port$/, () => '应为 http:// 或 https:// 地址，只含协议、主机和端口'],
  [/^duplicate (\S+) (.+)$/, (m) => `${m[1]} 中重复：${m[2]}`],
  [/^service (\S+) has unknown category (.+)$/, (m) => `事项 ${m[1]} 的业务类别 ${m[2]} 不存在`],
  [/^bundle (\S+) has unknown service (.+)$/, (m) => `套餐 ${m[1]} 含不存在的事项 ${m[2]}`],
  [/^window (\S+) has unknown skill (.+)$/, (m) => `窗口 ${m[1]} 的技能 ${m[2]} 不是已有的业务类别`],
  [/^window (\S+): home (\S+) must be among its skills$/, (m) => `窗口 ${m[1]} 的主办类别 ${m[2]} 必须在其技能中`],
  [/^device for unknown window (.+)$/, (m) => `设备所属窗口 ${m[1]} 不存在`],
  [/^device on unknown bus (.+)$/, (m) => `设备所在总线 ${m[1]} 不存在`],
];

function zhOf(custom: string, zodZh: string): string {
  for (const [re, words] of ZH_CUSTOM) {
    const m = re.exec(custom);
    if (m) return words(m);
  }
  return zodZh;
}

/** Where a problem is, as a JSON path a person can follow: `hours.holidays[3]`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(根 / root)';
}

/**
 * Every problem (at most 10) on its own line: the path, then the Chinese and the English words. The
 * schema is parsed twice, once with zod's zh-CN messages, so both lists have the same issues in order.
 */
function explain<T>(schema: z.ZodType<T>, raw: unknown, en: z.ZodError): string {
  const zh = schema.safeParse(raw, { error: z.locales.zhCN().localeError });
  const zhIssues = zh.success ? [] : zh.error.issues;
  return en.issues
    .slice(0, 10)
    .map((i, n) => `  - ${pathText(i.path)}: ${zhOf(i.message, zhIssues[n]?.message ?? i.message)} / ${i.message}`)
    .join('\n');
}

export function parseHallConfig(raw: unknown, source = 'config'): HallConfig {
  const r = HallConfig.safeParse(raw);
  if (!r.success)
    throw new ConfigError(`大厅配置 ${source} 有误 / ${source} is not a valid hall configuration:\n${explain(HallConfig, raw, r.error)}`);
  return r.data;
}

export function loadHallConfig(file: string = DEMO_HALL_PATH, devicesFile?: string): HallConfig {
  const raw = readJson(file, 'hall configuration') as Record<string, unknown>;
  if (devicesFile) {
    const dev = readJson(devicesFile, 'devices file') as { devices?: unknown };
    const r = DevicesConfig.safeParse(dev?.devices);
    if (!r.success)
      throw new ConfigError(
        `设备文件 ${devicesFile} 的 "devices" 有误 / devices file ${devicesFile} has no valid "devices" block:\n${explain(DevicesConfig, dev?.devices, r.error)}`,
      );
    raw.devices = dev.devices;
  }
  return parseHallConfig(raw, file);
}
