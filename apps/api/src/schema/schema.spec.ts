import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildSchemaSdl } from './build-schema.js';

describe('printed schema', () => {
  it('apps/api/schema.graphql matches the code (run `npm run schema` when this fails)', async () => {
    expect(readFileSync('apps/api/schema.graphql', 'utf8')).toBe(await buildSchemaSdl());
  });
});
