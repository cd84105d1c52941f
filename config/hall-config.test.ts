/**
 * The hall configuration's edges: the generated JSON Schema is current and the demo points at it; errors
 * come in Chinese and English with the path; impossible dates and unusable public URLs are refused.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPublicUrl, isLoopbackHost } from '../contract/src/index.ts';
import { ConfigError, parseHallConfig } from '../queue-server/src/config/load-config.ts';
import { hallConfigSchemaText, SCHEMA_FILE } from '../scripts/gen-config-schema.ts';

const demoText = readFileSync(resolve(import.meta.dirname, 'demo-hall.json'), 'utf8');
const demo = () => JSON.parse(demoText) as Record<string, any>;

function errorOf(raw: unknown): string {
  try {
    parseHallConfig(raw, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('config/hall.schema.json', () => {
  it('is the schema generated from contract/src/hall.ts (run scripts/gen-config-schema.ts after a change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(hallConfigSchemaText());
  });
  it('describes the configuration for an editor: sections, a date pattern, the public URL', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['$schema', 'hall', 'hours', 'settings', 'categories', 'services', 'windows', 'staff', 'kiosks', 'devices']),
    );
    expect(schema.required).toContain('categories');
    expect(schema.properties.hall.properties.publicUrl.type).toBe('string');
    expect(schema.properties.hours.properties.holidays.items.pattern).toBe('^\\d{4}-\\d{2}-\\d{2}$');
  });
  it('is what the demo hall points at', () => {
    expect(demo().$schema).toBe('./hall.schema.json');
    expect(() => parseHallConfig(demo())).not.toThrow();
  });
});

describe('config errors', () => {
  it('refuses an impossible holiday date, naming the path in Chinese and English', () => {
    const c = demo();
    c.hours.holidays = ['2026-10-01', '2026-13-01'];
    const msg = errorOf(c);
    expect(msg).toContain('大厅配置 test.json 有误 / test.json is not a valid hall configuration');
    expect(msg).toContain('  - hours.holidays[1]: 应为真实存在的日期（YYYY-MM-DD） / a real date as YYYY-MM-DD');
    c.hours.holidays = ['2026-02-29'];
    expect(errorOf(c)).toContain('hours.holidays[0]');
  });
  it("words zod's own checks in both languages", () => {
    const c = demo();
    c.categories[0].prefix = 42;
    const line = errorOf(c)
      .split('\n')
      .find((l) => l.includes('categories[0].prefix'));
    expect(line).toMatch(/无效输入.* \/ Invalid input/);
  });
  it('refuses a public URL that is not http(s) or carries a path', () => {
    for (const bad of ['hall.local:8080', 'ftp://hall.local', 'http://hall.local/t/']) {
      const c = demo();
      c.hall.publicUrl = bad;
      expect(errorOf(c)).toContain('hall.publicUrl: 应为 http:// 或 https:// 地址');
    }
    const c = demo();
    c.hall.publicUrl = 'https://dating.county.gov.cn/';
    expect(parseHallConfig(c).hall.publicUrl).toBe('https://dating.county.gov.cn');
  });
});

describe('checkPublicUrl against the bound address', () => {
  it('needs no public URL on loopback', () => {
    expect(checkPublicUrl(undefined, '127.0.0.1')).toBeUndefined();
    expect(checkPublicUrl(undefined, 'localhost')).toBeUndefined();
    expect(checkPublicUrl('http://127.0.0.1:8080', '::1')).toBeUndefined();
  });
  it('requires one when binding a LAN address or every address', () => {
    expect(checkPublicUrl(undefined, '0.0.0.0')).toEqual({ code: 'PUBLIC_URL_REQUIRED', params: { host: '0.0.0.0' } });
    expect(checkPublicUrl('', '192.168.1.10')?.code).toBe('PUBLIC_URL_REQUIRED');
  });
  it('refuses a loopback public URL on a LAN', () => {
    expect(checkPublicUrl('http://127.0.0.1:8080', '0.0.0.0')?.code).toBe('PUBLIC_URL_LOOPBACK');
    expect(checkPublicUrl('http://localhost:8080', '192.168.1.10')?.code).toBe('PUBLIC_URL_LOOPBACK');
    expect(checkPublicUrl('http://[::1]:8080', '::')?.code).toBe('PUBLIC_URL_LOOPBACK');
  });
  it('accepts a LAN or domain public URL and refuses a malformed one', () => {
    expect(checkPublicUrl('http://192.168.1.10:8080', '0.0.0.0')).toBeUndefined();
    expect(checkPublicUrl('https://dating.county.gov.cn', '127.0.0.1')).toBeUndefined();
    expect(checkPublicUrl('192.168.1.10:8080', '0.0.0.0')?.code).toBe('PUBLIC_URL_INVALID');
  });
  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost', 'kiosk.localhost']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '192.168.1.10', '::', 'hall.local', '128.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});
