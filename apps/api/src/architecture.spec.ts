import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dependencyViolations } from '../../../test/support/dependency-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
// the rules CI applies; a .mjs so that `npx depcruise` finds them too
const { default: rules } = await import(pathToFileURL(join(root, '.dependency-cruiser.mjs')).href);
const ruleSet = { forbidden: rules.forbidden };

describe('arrows point down (.dependency-cruiser.mjs)', () => {
  it('no context imports one above it or beside it, and no module is in a circle', async () => {
    expect(await dependencyViolations(root, ['apps/api/src', 'libs', 'migrations'], ruleSet)).toEqual([]);
  });
});

describe('the dependency rules', () => {
  // a small tree shaped like apps/api/src, with one of each mistake
  const tree: Record<string, string> = {
    'apps/api/src/app.module.ts': `export const app = 1;\n`,
    'apps/api/src/common/format.ts': `export const format = (s: string) => s.trim();\n`,
    'apps/api/src/common/errors.ts': `import { search } from '../intel/search.js';\nexport const errors = [search];\n`,
    'apps/api/src/intel/search.ts': `import { format } from '../common/format.js';\nexport const search = format;\n`,
    'apps/api/src/alliances/alliance.ts': `import type { Member } from '../members/member.js';\nexport type Alliance = { members: Member[] };\n`,
    'apps/api/src/members/member.ts': `import { tier } from './tier.js';\nexport type Member = { tier: typeof tier };\nexport const member = 1;\n`,
    'apps/api/src/members/tier.ts': `import { member } from './member.js';\nexport const tier = member;\n`,
    'apps/api/src/files/file.ts': `import { partner } from '../partners/partner.js';\nexport const file = partner;\n`,
    'apps/api/src/partners/partner.ts': `export const partner = 1;\n`,
    'apps/api/src/identity/guard.ts': `import { app } from '../app.module.js';\nexport const guard = app;\n`,
    'apps/api/src/takedowns/queue.ts': `import { format } from '../common/format.js';\nexport const queue = format;\n`,
  };
  let fixture: string;

  beforeAll(() => {
    fixture = mkdtempSync(join(tmpdir(), 'dependency-rules-fixture-'));
    for (const [path, source] of Object.entries(tree)) {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), source);
    }
  });
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));

  it('fail on an upward import, a sideways one, a type-only one, a circle, an import of the app and a context without a layer', async () => {
    const found = (await dependencyViolations(fixture, ['apps'], ruleSet)).map(({ rule, from, to }) => `${rule}: ${from} -> ${to}`);
    const src = 'apps/api/src';
    expect(found.sort()).toEqual(
      [
        `no-upward-import: ${src}/common/errors.ts -> ${src}/intel/search.ts`,
        `no-upward-import: ${src}/alliances/alliance.ts -> ${src}/members/member.ts`,
        `no-upward-import: ${src}/files/file.ts -> ${src}/partners/partner.ts`,
        `no-circular: ${src}/members/member.ts -> ${src}/members/tier.ts`, // one report per circle
        `no-import-of-the-app: ${src}/identity/guard.ts -> ${src}/app.module.ts`,
        `context-without-layer: ${src}/takedowns/queue.ts -> ${src}/common/format.ts`,
      ].sort(),
    );
  });
});
