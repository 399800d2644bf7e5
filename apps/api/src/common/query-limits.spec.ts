import { describe, expect, it } from '@jest/globals';
import { buildSchema, getIntrospectionQuery, parse, validate, visit, specifiedRules, Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUERY_LIMITS, QUERY_PARSE_OPTIONS, queryCost, queryLimitRules } from './query-limits.js';

const schema = buildSchema(readFileSync('apps/api/schema.graphql', 'utf8'));

/** Every operation the web client sends, with the fragments it spreads: the `graphql(`…`)` documents of its sources. */
function webOperations(): { name: string; document: DocumentNode }[] {
  const files = readdirSync('apps/web/src', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('gql'));
  const sources = files.flatMap((f) => [...readFileSync(join('apps/web/src', f), 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]));
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const source of sources) {
    for (const d of parse(source, QUERY_PARSE_OPTIONS).definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      else if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
    }
  }
  return operations.map((op) => {
    const needed = new Map<string, FragmentDefinitionNode>();
    const spreads = (node: unknown): void => {
      visit(node as DocumentNode, {
        FragmentSpread: (s) => {
          const f = fragments.get(s.name.value);
          if (f && !needed.has(f.name.value)) { needed.set(f.name.value, f); spreads(f); }
        },
      });
    };
    spreads(op);
    return { name: op.name?.value ?? '?', document: { kind: Kind.DOCUMENT, definitions: [op, ...needed.values()] } };
  });
}

describe('query limits', () => {
  it('let every web client operation through, its variables at their caps', () => {
    const operations = webOperations();
    expect(operations.length).toBeGreaterThan(50);
    const refused = operations.flatMap(({ name, document }) => {
      const errors = validate(schema, document, [...specifiedRules, ...queryLimitRules()]).map((e) => e.message);
      const cost = queryCost(schema, document);
      if (cost > QUERY_LIMITS.cost) errors.push(`cost ${cost}`);
      return errors.length ? [`${name}: ${errors.join('; ')}`] : [];
    });
    expect(refused).toEqual([]);
  });

  it('let GraphiQL’s introspection query through (development)', () => {
    const document = parse(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }), QUERY_PARSE_OPTIONS);
    expect(validate(schema, document, [...specifiedRules, ...queryLimitRules()])).toEqual([]);
    expect(queryCost(schema, document)).toBeLessThan(QUERY_LIMITS.cost);
  });

  it('counts objects: a connection’s size counts its edges, an unpaged list its cap, an abstract type its dearest type', () => {
    const cost = (query: string, variables: Record<string, unknown> = {}) => queryCost(schema, parse(query), undefined, variables);
    // 1 connection + 20 × (edge + node); totalCount and pageInfo's scalars cost nothing but pageInfo itself
    expect(cost('{ members { totalCount pageInfo { hasNextPage } edges { node { id status } } } }')).toBe(1 + 1 + 20 * 2);
    expect(cost('query($n: Int) { members(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 2);
    expect(cost('query($n: Int = 30) { members(first: $n) { edges { node { id } } } }')).toBe(1 + 30 * 2);
    // IntelReport.indicators: 10,000 unless asked for fewer
    expect(cost('{ intelReports(first: 2) { edges { node { indicators { id } } } } }')).toBe(1 + 2 * (2 + 10_000));
    expect(cost('{ intelReports(first: 2) { edges { node { indicators(first: 5) { id } } } } }')).toBe(1 + 2 * (2 + 5));
    // nodes: one item per id; the dearest of the types a fragment may apply to
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Brand { trademarks { id } } } }', { ids: ['a', 'b'] })).toBe(2 * (1 + 10));
    expect(() => cost('{ members(first: 0) { totalCount } }')).toThrow('first must be at least 1');
    expect(() => cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill('x') })).toThrow('at most 100 ids');
  });
});
