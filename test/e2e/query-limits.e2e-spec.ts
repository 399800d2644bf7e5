import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { overWebSocket } from '../support/over-web-socket.js';
import { errorOf, TestApp } from '../support/test-app.js';
import { QUERY_LIMITS } from '../../apps/api/src/common/query-limits.js';

/** `intelReports → indicators → report → indicators → …`: a selection `depth` fields deep, one item a list. */
function cyclicQuery(depth: number): string {
  // intelReports, edges, node: 3 levels; then indicators/report alternate; `id` is the last level
  let inner = 'id';
  for (let level = depth - 1; level > 3; level--) inner = `${(level - 3) % 2 === 1 ? 'indicators(first: 1)' : 'report'} { ${inner} }`;
  return `query { intelReports(first: 1) { edges { node { ${inner} } } } }`;
}

const aliasFlood = (n: number) => `query { ${Array.from({ length: n }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;

describe('query limits, bodies, batches and HTTP headers', () => {
  let t: TestApp;
  let token: string;
  let reportId: string;
  let port: number;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    const p = await intelPeople(t);
    token = p.a;
    reportId = (await publish(t, token, 'Bag sellers', [{ type: 'EMAIL', value: 'seller@limits.example' }])).id;
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers queries within the limits, a depth-10 cyclic one included', async () => {
    const ok = await t.gql(`query { intelReports(first: 100) { totalCount edges { node { id indicators(first: 20) { id report { id } } } } } }`, {}, token);
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.intelReports.edges.map((e: any) => e.node.id)).toContain(reportId);
    const depth10 = await t.gql(cyclicQuery(QUERY_LIMITS.depth), {}, token);
    expect(depth10.errors).toBeUndefined();
  });

  it('refuses a depth-12 cyclic query and an alias flood over HTTP with 400 QUERY_TOO_COMPLEX, before anything runs', async () => {
    const deep = await t.gql(cyclicQuery(12), {}, token);
    expect(deep.status).toBe(400);
    expect(errorOf(deep)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', depth: 12, limit: QUERY_LIMITS.depth });
    expect(deep.data).toBeUndefined();

    const flood = await t.gql(aliasFlood(QUERY_LIMITS.aliases + 1), {}, token);
    expect(flood.status).toBe(400);
    expect(errorOf(flood)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: QUERY_LIMITS.aliases + 1, limit: QUERY_LIMITS.aliases });
    // a bigger flood is longer than the document may be
    const bigFlood = await t.gql(aliasFlood(500), {}, token);
    expect(bigFlood.status).toBe(400);
    expect(errorOf(bigFlood)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: QUERY_LIMITS.tokens });

    const directives = await t.gql(`query { viewer { ${Array.from({ length: 11 }, (_, i) => `f${i % 2}: role @include(if: true)`).join(' ')} } }`, {}, token);
    expect(errorOf(directives)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: QUERY_LIMITS.directives });

    const tokens = await t.gql(`query { viewer { ${'id '.repeat(QUERY_LIMITS.tokens)} } }`, {}, token);
    expect(tokens.status).toBe(400);
    expect(errorOf(tokens)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: QUERY_LIMITS.tokens });
  });

  it('refuses the same over graphql-ws, with the same errors', async () => {
    const deep = await overWebSocket(port, token, cyclicQuery(12));
    expect(deep.data).toBeUndefined();
    expect(deep.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', depth: 12, limit: QUERY_LIMITS.depth });

    const flood = await overWebSocket(port, token, aliasFlood(QUERY_LIMITS.aliases + 1));
    expect(flood.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: QUERY_LIMITS.aliases + 1, limit: QUERY_LIMITS.aliases });
    const bigFlood = await overWebSocket(port, token, aliasFlood(500));
    expect(bigFlood.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: QUERY_LIMITS.tokens });

    const costly = await overWebSocket(port, token, `query($n: Int) { intelReports(first: $n) { edges { node { indicators { id } } } } }`, { n: 100 });
    expect(costly.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: QUERY_LIMITS.cost });

    const negative = await overWebSocket(port, token, `query($n: Int) { intelReports(first: $n) { totalCount } }`, { n: -1 });
    expect(negative.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });

    const broken = await overWebSocket(port, token, `query { viewer { `);
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    const fine = await overWebSocket(port, token, `query { intelReports(first: 5) { edges { node { id indicators { id } } } } }`);
    expect(fine.errors).toBeUndefined();
    expect(fine.data.intelReports.edges.length).toBeGreaterThan(0);
  });

  it('refuses negative, zero and huge page sizes with 400 BAD_USER_INPUT, literal or variable, nested or not', async () => {
    for (const first of [-1, 0, 101, 2147483647]) {
      const literal = await t.gql(`query { intelReports(first: ${first}) { totalCount } }`, {}, token);
      expect({ first, status: literal.status, ...errorOf(literal) }).toMatchObject({ first, status: 400, code: 'BAD_USER_INPUT', field: 'first' });
      const variable = await t.gql(`query($n: Int) { members(first: $n) { totalCount } }`, { n: first }, token);
      expect({ first, status: variable.status, ...errorOf(variable) }).toMatchObject({ first, status: 400, code: 'BAD_USER_INPUT', field: 'first' });
    }
    // a negative page under a big one no longer makes the estimate small
    const nested = await t.gql(`query { intelReports(first: 100) { edges { node { indicators(first: -1) { report { indicators { id } } } } } } }`, {}, token);
    expect(nested.status).toBe(400);
    expect(errorOf(nested)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('counts unpaged lists at their caps: a page of reports with all their indicators is QUERY_TOO_COMPLEX with the cost and the limit', async () => {
    const res = await t.gql(`query { intelReports(first: 100) { edges { node { indicators { id report { id } } } } } }`, {}, token);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 1 + 100 * (2 + 10_000 * 2), limit: QUERY_LIMITS.cost });
    expect(res.data).toBeUndefined();
  });

  it('nodes takes at most 100 ids', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => reportId);
    const over = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(101) }, token);
    expect(over.status).toBe(400);
    expect(errorOf(over)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const literal = await t.gql(`query { nodes(ids: [${ids(101).map((id) => `"${id}"`).join(',')}]) { id } }`, {}, token);
    expect(errorOf(literal)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    const at = await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids(100) }, token);
    expect(at.nodes).toHaveLength(100);
  });

  it('refuses a mutation over a limit without writing anything', async () => {
    const before = await t.sql(`SELECT count(*)::int AS n FROM intel_report`);
    const res = await t.gql(
      `mutation($i: CreateReportInput!) { createReport(input: $i) { id indicators { id report { indicators { id } } } } }`,
      { i: { title: 'Never written', kind: 'SELLER', sharingLevel: 'GREEN', confidence: 'MEDIUM', indicators: [{ type: 'EMAIL', value: 'never@limits.example' }] } },
      token,
    );
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('QUERY_TOO_COMPLEX');
    expect(await t.sql(`SELECT count(*)::int AS n FROM intel_report`)).toEqual(before);
  });

  it('refuses batched arrays', async () => {
    const res = await t.http().post('/graphql').set('authorization', `Bearer ${token}`).send([{ query: '{ viewer { role } }' }, { query: '{ viewer { role } }' }]);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an oversized anonymous body with 413 before parsing it; a signed-in caller may send an evidence file’s worth', async () => {
    const padding = 'x'.repeat(t.config.MAX_ANONYMOUS_BODY_BYTES + 1);
    const anonymous = await t.http().post('/graphql').set('content-type', 'application/json').send({ query: '{ viewer { role } }', variables: { padding } });
    expect(anonymous.status).toBe(413);
    expect(anonymous.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const forged = await t.http().post('/graphql').set('authorization', 'Bearer not-a-token').send({ query: '{ viewer { role } }', variables: { padding } });
    expect(forged.status).toBe(413);
    const signedIn = await t.http().post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ viewer { role } }', variables: { padding } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.viewer.role).toBe('MEMBER_ADMIN');
  });

  it('closes a graphql-ws socket whose message is over the anonymous body limit (1009), and answers one under it', async () => {
    const padding = 'x'.repeat(t.config.MAX_ANONYMOUS_BODY_BYTES);
    await expect(overWebSocket(port, token, '{ viewer { role } }', { padding })).rejects.toMatchObject({ code: 1009 });
    const fine = await overWebSocket(port, token, '{ viewer { role } }', { padding: padding.slice(1000) });
    expect(fine.data.viewer.role).toBe('MEMBER_ADMIN');
  });

  it('sends helmet’s headers: a content security policy without inline scripts, nosniff, no framing', async () => {
    const res = await t.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('marks every GraphQL answer no-store: answers, errors and refusals alike hold one caller’s view', async () => {
    const answered = await t.http().post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ viewer { role } }' });
    expect(answered.status).toBe(200);
    expect(answered.body.data.viewer.role).toBe('MEMBER_ADMIN');
    expect(answered.headers['cache-control']).toBe('no-store');
    const refused = await t.http().post('/graphql').send({ query: '{ viewer { role } }' });
    expect(refused.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('keeps GraphiQL and introspection on in development', async () => {
    const res = await t.gql(`{ __schema { queryType { name } } }`, {}, token);
    expect(res.data.__schema.queryType.name).toBe('Query');
  });
});

describe('in production', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ NODE_ENV: 'production', TRUST_PROXY: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('has introspection and GraphiQL off', async () => {
    const res = await t.gql(`{ __schema { types { name } } }`);
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('BAD_USER_INPUT');
    const typeName = await t.gql(`{ __type(name: "Query") { name } }`);
    expect(typeName.status).toBe(400);
    const page = await t.http().get('/graphql').set('accept', 'text/html');
    expect(page.text ?? '').not.toContain('graphiql');
  });

  it('sees the client’s address behind a proxy (TRUST_PROXY): the sign-in throttle counts it', async () => {
    const res = await t.http().post('/graphql').set('x-forwarded-for', '198.51.100.23').send({ query: `mutation { login(input: { email: "nobody@limits.example", password: "wrong password" }) { token } }` });
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const keys = await t.sql(`SELECT key FROM rate_limit WHERE key LIKE 'login-ip%'`);
    expect(keys.map((k) => k.key)).toEqual(['login-ip:198.51.100.23']);
  });
});
