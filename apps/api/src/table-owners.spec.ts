import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSources, tableOwners, tableViolations, type TableViolation } from '../../../test/support/table-owners.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SRC = 'apps/api/src/';

/**
 * Tables without an `@Entity` whose owner the repositories do not tell (a table named by the
 * repositories of exactly one context is that context's), and the context that owns each.
 */
const OWNERS_WITHOUT_ENTITY: Record<string, string> = {
  rate_limit: 'identity', // rate-limiter-flexible's store: sign-in attempts and callers' budgets
  app_login: 'database', // the owner's: the app's login role and its password (database/app-role.ts)
};

/** Files that talk to the database for the process, not for a context: they keep their SQL. */
const INFRASTRUCTURE_FILES: Record<string, string> = {
  'health/health.controller.ts': 'SELECT 1: is the database reachable',
  'jobs/jobs.service.ts': "pg-boss's own statements, run in the caller's transaction (executorOf)",
};

/**
 * Files still to move behind their owners' repositories (issue 14, outcome 2): none left. This
 * list only shrinks: a file that no longer breaks a rule must leave it (the test says so), and a
 * file not on it may not start.
 */
const STILL_TO_MOVE: string[] = [];

const format = (v: TableViolation): string => `${v.rule}: ${v.file.replace(SRC, '')}:${v.line} ${v.detail}`;

/** Every table the migrations create. */
function createdTables(): Set<string> {
  const created = new Set<string>();
  for (const name of readdirSync(join(root, 'migrations'))) {
    if (!name.endsWith('.ts')) continue;
    const source = readFileSync(join(root, 'migrations', name), 'utf8');
    for (const match of source.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?\s*\(/gi)) created.add(match[1].toLowerCase());
  }
  return created;
}

describe('each table has one owner (test/support/table-owners.ts)', () => {
  const sources = readSources(root);
  const created = createdTables();
  const owners = tableOwners(sources, OWNERS_WITHOUT_ENTITY, created);
  const violations = tableViolations(sources, owners).filter((v) => !(v.file.replace(SRC, '') in INFRASTRUCTURE_FILES));
  const waiting = new Set(STILL_TO_MOVE);

  it('every table the migrations create has an owning context', () => {
    expect(created.size).toBeGreaterThan(30);
    expect([...created].filter((table) => !owners.has(table)).sort()).toEqual([]);
  });

  it('no file queries a table of another context, imports its entities to query, or holds SQL outside a repository (but those still to move)', () => {
    expect(violations.filter((v) => !waiting.has(v.file.replace(SRC, ''))).map(format)).toEqual([]);
  });

  it('the files still to move all still need to (the list only shrinks)', () => {
    const breaking = new Set(violations.map((v) => v.file.replace(SRC, '')));
    expect(STILL_TO_MOVE.filter((file) => !breaking.has(file))).toEqual([]);
  });
});

describe('the table rules', () => {
  // a small tree shaped like apps/api/src, with one of each mistake and what is allowed
  const tree: Record<string, string> = {
    'apps/api/src/members/organisation.entity.ts': `@Entity('organisation')\nexport class OrganisationEntity {}\n`,
    'apps/api/src/members/organisation.repository.ts':
      `export class OrganisationRepository {\n  names() { return this.ds.query(\`SELECT name FROM organisation WHERE alliance_id = $1\`); }\n}\n`,
    'apps/api/src/brands/brand.entity.ts': `@Entity('brand')\nexport class BrandEntity {}\n`,
    'apps/api/src/brands/brand.repository.ts':
      `export class BrandRepository {\n  own() { return this.ds.query('SELECT * FROM brand b JOIN organisation o ON o.id = b.organisation_id'); }\n` +
      `  built() { return this.ds.createQueryBuilder().from('brand', 'b').innerJoin('organisation', 'o', 'o.id = b.organisation_id'); }\n}\n`,
    'apps/api/src/brands/brand.service.ts':
      `import { OrganisationEntity } from '../members/organisation.entity.js';\nimport type { OrganisationEntity as Mapped } from '../members/organisation.entity.js';\n` +
      `import { BrandEntity } from './brand.entity.js';\n` +
      `export class BrandService {\n  count() { return this.ds.query('SELECT count(*) FROM brand'); }\n  save(em) { return em.insert(BrandEntity, {}); }\n` +
      `  // a comment that says SELECT * FROM organisation is not SQL\n  message() { return 'moved from organisation to brand'; }\n}\n`,
    'apps/api/src/brands/ip-right.repository.ts': `export const rights = (ds) => ds.query('SELECT * FROM ip_right');\n`,
    'apps/api/src/members/member-access.ts': `export const active = 'EXISTS (SELECT 1 FROM organisation o WHERE o.id = m.organisation_id)';\n`,
    'apps/api/src/database/copy.ts': `export const copy = (ds) => ds.query('COPY brand FROM STDIN');\n`,
  };
  const sources = new Map(Object.entries(tree));
  const owners = tableOwners(sources, {}, ['organisation', 'brand', 'ip_right']);

  it('read the owners from the entities, and of a table without one from the one context whose repositories name it', () => {
    expect(Object.fromEntries(owners)).toEqual({ organisation: 'members', brand: 'brands', ip_right: 'brands' });
  });

  it('fail on a foreign table in SQL or a query builder, a value import of a foreign entity, and SQL outside a repository', () => {
    expect(tableViolations(sources, owners).map(format).sort()).toEqual(
      [
        'foreign-table: brands/brand.repository.ts:2 JOIN organisation (members)',
        "foreign-table: brands/brand.repository.ts:3 .innerJoin('organisation') (members)",
        'foreign-entity: brands/brand.service.ts:1 imports apps/api/src/members/organisation.entity.ts (members)',
        'sql-outside-repository: brands/brand.service.ts:5 .query(…)',
        'sql-outside-repository: brands/brand.service.ts:5 SQL: SELECT count(*) FROM brand',
        'sql-outside-repository: brands/brand.service.ts:6 .insert(BrandEntity, …)',
      ].sort(),
    );
  });
});
