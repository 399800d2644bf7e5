import { writeFileSync } from 'node:fs';
import { buildSchemaSdl } from './build-schema.js';

// npm run schema: writes apps/api/schema.graphql, which the web client's codegen reads.
const file = process.argv[2] ?? 'apps/api/schema.graphql';
writeFileSync(file, await buildSchemaSdl());
console.log(`Wrote ${file}`);
