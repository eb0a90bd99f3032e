/**
 * Writes schemas/pool.schema.json and schemas/scenario.schema.json (run by the build:
 * `node --import tsx src/pools/write-schemas.ts [outDir]`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { poolSchema, scenarioSchema } from './schema';

export function writeSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, unknown][] = [['pool.schema.json', poolSchema], ['scenario.schema.json', scenarioSchema]];
  return files.map(([name, schema]) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
    return file;
  });
}

const entry = process.argv[1] ?? '';
if (/write-schemas\.[cm]?[tj]s$/.test(entry)) {
  for (const f of writeSchemas(resolve(process.argv[2] ?? 'schemas'))) console.log(`wrote ${f}`);
}
