/**
 * Writes config/hall.schema.json, the JSON Schema of a hall configuration, generated from the contract's
 * zod schema (`HallConfig`), so editors complete and check config files that point at it with
 * `"$schema": "./hall.schema.json"`. Run after changing `contract/src/hall.ts`:
 *
 *   node --import tsx scripts/gen-config-schema.ts        (a test fails while the file is stale)
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { HallConfig } from '../contract/src/index.ts';

export const SCHEMA_FILE = resolve(import.meta.dirname, '../config/hall.schema.json');

/** The schema as text (stable: same input, same bytes). */
export function hallConfigSchemaText(): string {
  const schema = z.toJSONSchema(HallConfig, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  const out = {
    $schema: schema.$schema,
    $id: 'https://hall-queue.local/schemas/hall.schema.json',
    title: '大厅配置 / Hall configuration (hall-queue)',
    description: 'Generated from contract/src/hall.ts by scripts/gen-config-schema.ts; do not edit by hand.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SCHEMA_FILE, hallConfigSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
