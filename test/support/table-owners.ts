import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * Each table has one owner (issue 14, outcome 2): the context (the first folder under
 * apps/api/src) whose folder holds the table's `@Entity('…')`, or, for a table without an entity,
 * the one named in `ownersWithoutEntity`. Applied by apps/api/src/architecture.spec.ts:
 *
 * - `foreign-table`: SQL in a string (FROM/JOIN/INTO/UPDATE/TABLE <table>) or a query builder's
 *   table argument (`.from('organisation', 'o')`) names a table of another context;
 * - `foreign-entity`: a value import of another context's `*.entity.ts` (a type-only import, to
 *   type a mapper or a loader's result, cannot query and is allowed);
 * - `sql-outside-repository`: SQL, `createQueryBuilder`, `getRepository`, `.query(`,
 *   `@InjectRepository` or an EntityManager call on an entity class (`em.insert(XEntity, …)`) in a
 *   file that is neither a `*.repository.ts` nor a `*-access.ts` (the SQL conditions a context
 *   exports over its own tables, which other contexts' repositories embed).
 *
 * Infrastructure may do all three: `database/` (the connection and its entity list), `schema/`
 * and the files directly in apps/api/src (they compose the app). Migrations live outside
 * apps/api/src and are not read.
 */
export type TableRule = 'foreign-table' | 'foreign-entity' | 'sql-outside-repository';

export interface TableViolation {
  rule: TableRule;
  /** relative to the root, with forward slashes */
  file: string;
  line: number;
  detail: string;
}

const SRC = 'apps/api/src';
const INFRASTRUCTURE = new Set(['database', 'schema']);
// SQL naming a table: FROM x, JOIN x, INTO x, UPDATE x, TABLE x (ONLY and quotes allowed). The
// code writes SQL keywords in capitals, so prose ("moved from organisation to …") is not SQL.
const TABLE_IN_SQL = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/g;
// a string that is a statement, whatever tables it names
const STATEMENT = /^\s*\(?\s*(?:SELECT\b[\s\S]*\bFROM\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|WITH\s+\w+\s+AS\s*\()/;
const BUILDER_TABLE_METHODS = new Set(['from', 'innerJoin', 'leftJoin', 'innerJoinAndSelect', 'leftJoinAndSelect', 'into', 'update', 'delete', 'getRepository']);
const QUERYING_CALLS = new Set(['query', 'createQueryBuilder', 'getRepository']);
const ENTITY_MANAGER_CALLS = new Set([
  'insert', 'update', 'delete', 'save', 'remove', 'upsert', 'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail',
  'findOneByOrFail', 'findAndCount', 'count', 'countBy', 'exists', 'existsBy', 'increment', 'decrement', 'create', 'merge', 'preload',
]);

/** The files to read: every non-spec .ts under apps/api/src, as path → source. */
export function readSources(root: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) {
        sources.set(path, readFileSync(join(root, path), 'utf8'));
      }
    }
  };
  walk(SRC);
  if (sources.size === 0) throw new Error(`no TypeScript under ${SRC} in ${root}`);
  return sources;
}

/** The context of a file under apps/api/src (its first folder), or null for the files directly in it. */
export function contextOf(path: string): string | null {
  const rest = path.startsWith(`${SRC}/`) ? path.slice(SRC.length + 1) : relative(SRC, path).split(sep).join('/');
  const slash = rest.indexOf('/');
  return slash < 0 ? null : rest.slice(0, slash);
}

/**
 * table → owning context: from every `@Entity('table')`, then the tables without an entity named
 * in `ownersWithoutEntity`, then each of `tables` (those the migrations create) that the
 * repositories (`*.repository.ts`) of exactly one context name in SQL.
 */
export function tableOwners(sources: Map<string, string>, ownersWithoutEntity: Record<string, string>, tables: Iterable<string> = []): Map<string, string> {
  const owners = new Map<string, string>(Object.entries(ownersWithoutEntity));
  for (const [path, source] of sources) {
    for (const match of source.matchAll(/@Entity\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) {
      const context = contextOf(path);
      const table = match[1];
      if (!context) throw new Error(`${path}: an entity outside a context`);
      const known = owners.get(table);
      if (known && known !== context) throw new Error(`table ${table} has two owners: ${known} and ${context}`);
      owners.set(table, context);
    }
  }
  const unowned = new Set([...tables].filter((table) => !owners.has(table)));
  const namedBy = new Map<string, Set<string>>();
  for (const [path, source] of sources) {
    const context = contextOf(path);
    if (!context || !path.endsWith('.repository.ts')) continue;
    for (const match of source.matchAll(TABLE_IN_SQL)) {
      if (unowned.has(match[1])) namedBy.set(match[1], (namedBy.get(match[1]) ?? new Set()).add(context));
    }
  }
  for (const [table, contexts] of namedBy) if (contexts.size === 1) owners.set(table, [...contexts][0]);
  return owners;
}

const isEntityFile = (specifier: string): boolean => /\.entity(\.js)?$/.test(specifier);

function isTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // a side-effect import
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** The text a string or template holds, with `${…}` as a blank. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => ` \u0000 ${s.literal.text}`).join('');
  return null;
}

function calledName(node: ts.CallExpression): string | null {
  const callee = node.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return null;
}

/** Every breach of the three rules in `sources` (path → source), given the owners of the tables. */
export function tableViolations(sources: Map<string, string>, owners: Map<string, string>): TableViolation[] {
  const violations: TableViolation[] = [];
  for (const [path, source] of sources) {
    const context = contextOf(path);
    if (context === null || INFRASTRUCTURE.has(context)) continue;
    const mayQuery = /\.repository\.ts$|-access\.ts$/.test(path);
    const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
    const report = (rule: TableRule, node: ts.Node, detail: string): void => {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      violations.push({ rule, file: path, line, detail });
    };
    const foreign = (table: string): boolean => owners.has(table) && owners.get(table) !== context;

    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
        const specifier = node.moduleSpecifier.text;
        if (specifier.startsWith('.') && isEntityFile(specifier)) {
          const target = posix.normalize(posix.join(posix.dirname(path), specifier));
          const targetContext = contextOf(target);
          if (targetContext && targetContext !== context && !isTypeOnly(node)) report('foreign-entity', node, `imports ${target.replace(/\.js$/, '.ts')} (${targetContext})`);
        }
        return;
      }
      const text = literalText(node);
      if (text !== null) {
        let named = false;
        for (const match of text.matchAll(TABLE_IN_SQL)) {
          const table = match[1];
          if (!owners.has(table)) continue;
          named = true;
          if (foreign(table)) report('foreign-table', node, `${match[0].trim()} (${owners.get(table)})`);
        }
        if (!mayQuery && (named || STATEMENT.test(text))) report('sql-outside-repository', node, `SQL: ${text.replace(/\s+/g, ' ').trim().slice(0, 60)}`);
        return;
      }
      if (ts.isCallExpression(node)) {
        const name = calledName(node);
        const first = node.arguments[0];
        if (name && BUILDER_TABLE_METHODS.has(name) && first && ts.isStringLiteral(first) && owners.has(first.text)) {
          if (foreign(first.text)) report('foreign-table', node, `.${name}('${first.text}') (${owners.get(first.text)})`);
          if (!mayQuery) report('sql-outside-repository', node, `.${name}('${first.text}')`);
        } else if (!mayQuery && name && ts.isPropertyAccessExpression(node.expression)) {
          if (QUERYING_CALLS.has(name)) report('sql-outside-repository', node, `.${name}(…)`);
          else if (ENTITY_MANAGER_CALLS.has(name) && first && ts.isIdentifier(first) && /Entity$/.test(first.text)) report('sql-outside-repository', node, `.${name}(${first.text}, …)`);
        }
      }
      if (!mayQuery && ts.isDecorator(node) && ts.isCallExpression(node.expression) && calledName(node.expression) === 'InjectRepository') {
        report('sql-outside-repository', node, '@InjectRepository(…)');
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
