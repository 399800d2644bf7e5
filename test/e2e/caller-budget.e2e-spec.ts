import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { AuthService } from '../../apps/api/src/identity/auth.service.js';
import { Role } from '../../libs/domain/src/index.js';
import { userFor } from '../factories/alliance.factory.js';
import { CREATE_REPORT, intelPeople, publish, report } from '../factories/intel.factory.js';
import { overWebSocket } from '../support/over-web-socket.js';
import { errorOf, TestApp } from '../support/test-app.js';

/** 1 connection + 100 × (edge + node + 50 brands): 5,201, whatever the page holds. */
const HEAVY = `{ intelReports(first: 100) { edges { node { id brands { id } } } } }`;
const HEAVY_COST = 1 + 100 * (2 + 50);
const BUDGET = 20_000; // three heavy operations and some small ones a minute
const WATCH = `mutation($i: AddToWatchlistInput!) { addToWatchlist(input: $i) { id } }`;

describe('cost budget per caller (issue 15, outcome 3)', () => {
  let t: TestApp;
  let replica: Awaited<ReturnType<typeof createApp>>;
  let port: number;
  let people: Awaited<ReturnType<typeof intelPeople>>;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ COST_BUDGET_PER_MINUTE: BUDGET }, { intel: false });
    people = await intelPeople(t);
    replica = await createApp(t.config, t.databaseUrl, { logger: ['error'] });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await replica?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await t.sql(`DELETE FROM rate_limit WHERE key LIKE 'cost:%'`); // a new minute
  });

  it('refuses a caller who spent the minute’s budget with 429 RATE_LIMITED and retryAfterSeconds, runs nothing, and leaves other callers alone', async () => {
    for (let i = 0; i < Math.floor(BUDGET / HEAVY_COST); i++) expect((await t.gql(HEAVY, {}, people.a)).errors).toBeUndefined();
    const res = await t.http().post('/graphql').set('authorization', `Bearer ${people.a}`).send({ query: HEAVY });
    expect(res.status).toBe(429);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    const retryAfterSeconds = res.body.errors[0].extensions.retryAfterSeconds;
    expect(retryAfterSeconds).toBeGreaterThan(0);
    expect(retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(Number(res.headers['retry-after'])).toBe(retryAfterSeconds);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|SELECT/i);

    // the rest of the minute is spent: a cheap operation (it costs 1) is refused too
    expect(errorOf(await t.gql(`{ viewer { role } }`, {}, people.a)).code).toBe('RATE_LIMITED');

    // a refused mutation writes nothing (the budget spent to the last point)
    const before = await t.sql(`SELECT count(*)::int AS n FROM watchlist_entry`);
    await t.sql(`UPDATE rate_limit SET points = $1 WHERE key LIKE 'cost:user:%'`, [BUDGET]);
    const mutation = await t.gql(WATCH, { i: { kind: 'INDICATOR', indicatorType: 'EMAIL', value: 'never@budget.example' } }, people.a);
    expect(errorOf(mutation).code).toBe('RATE_LIMITED');
    expect(await t.sql(`SELECT count(*)::int AS n FROM watchlist_entry`)).toEqual(before);

    // another person, of the same organisation, has a budget of their own
    expect((await t.gql(HEAVY, {}, people.aAnalyst)).errors).toBeUndefined();
    expect((await t.gql(HEAVY, {}, people.b)).errors).toBeUndefined();

    // sign-in is not charged (it has its own throttle), and a new minute gives the budget back
    await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await t.sql(`DELETE FROM rate_limit WHERE key LIKE 'cost:%'`);
    expect((await t.gql(HEAVY, {}, people.a)).errors).toBeUndefined();
  });

  it('counts graphql-ws operations in the same budget and refuses them with RATE_LIMITED', async () => {
    for (let i = 0; i < Math.floor(BUDGET / HEAVY_COST); i++) {
      const fine = await overWebSocket(port, people.b, HEAVY);
      expect(fine.errors).toBeUndefined();
      expect(fine.data.intelReports.edges).toBeDefined();
    }
    const refused = await overWebSocket(port, people.b, HEAVY);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0]?.extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.errors?.[0]?.extensions).not.toHaveProperty('http');
    // and over HTTP: one budget whatever the transport
    expect(errorOf(await t.gql(HEAVY, {}, people.b)).code).toBe('RATE_LIMITED');
    // another caller over a socket is unaffected
    expect((await overWebSocket(port, people.aAnalyst, HEAVY)).errors).toBeUndefined();
  });

  it('shares the budget between replicas on one database', async () => {
    const onReplica = (query: string, token: string) => request(replica.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`).send({ query });
    expect((await t.gql(HEAVY, {}, people.aAnalyst)).errors).toBeUndefined();
    expect((await onReplica(HEAVY, people.aAnalyst)).body.errors).toBeUndefined();
    expect((await t.gql(HEAVY, {}, people.aAnalyst)).errors).toBeUndefined();
    const refused = await onReplica(HEAVY, people.aAnalyst);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(await t.gql(HEAVY, {}, people.aAnalyst)).code).toBe('RATE_LIMITED');
  });

  it('gives an API key a budget of its own, apart from the people of its organisation and from other keys', async () => {
    const coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    const partners = (await t.ok(`{ partners(first: 10) { edges { node { id kind scopes } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    const police = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT');
    const keyOf = async (name: string) =>
      (await t.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: police.id, name, scopes: police.scopes } }, coordinator)).createApiKey.secret as string;
    const [key, other] = [await keyOf('Budget one'), await keyOf('Budget two')];
    const [partner] = await t.sql(`SELECT alliance_id, organisation_id FROM partnership WHERE status = 'ACTIVE' LIMIT 1`);
    const partnerPerson = await userFor(t, partner.alliance_id, partner.organisation_id, Role.PARTNER, `partner-${Date.now()}@budget.test`);

    for (let i = 0; i < Math.floor(BUDGET / HEAVY_COST); i++) expect(errorOf(await t.gql(HEAVY, {}, key)).code).not.toBe('RATE_LIMITED');
    const refused = await t.gql(HEAVY, {}, key);
    expect(refused.status).toBe(429);
    expect(errorOf(refused)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(refused).retryAfterSeconds).toBeGreaterThan(0);
    const [row] = await t.sql(`SELECT key FROM rate_limit WHERE key LIKE 'cost:key:%'`);
    expect(row.key).toMatch(/^cost:key:/);

    expect(errorOf(await t.gql(HEAVY, {}, other)).code).not.toBe('RATE_LIMITED');
    expect(errorOf(await t.gql(HEAVY, {}, partnerPerson)).code).not.toBe('RATE_LIMITED');
    expect((await t.gql(`{ viewer { role } }`, {}, coordinator)).errors).toBeUndefined();
  });

  it('authenticates each operation once for the budget and the guard, and charges a subscription once, when it starts', async () => {
    const auth = t.get(AuthService);
    const original = auth.authenticate.bind(auth);
    let calls = 0;
    auth.authenticate = (token: string) => ((calls += 1), original(token));
    try {
      expect((await t.gql(`{ viewer { role } intelReports(first: 1) { totalCount } }`, {}, people.b)).errors).toBeUndefined();
      expect(calls).toBe(1);
      expect((await overWebSocket(port, people.b, `{ viewer { role } }`)).errors).toBeUndefined();
      expect(calls).toBe(2);
    } finally {
      auth.authenticate = original;
    }
    const [before] = await t.sql(`SELECT points FROM rate_limit WHERE key LIKE 'cost:user:%' ORDER BY points LIMIT 1`);
    // a subscription that stays open: its start is charged (1 object a notification), its events are not
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${people.b}` }, lazy: true, retryAttempts: 0 });
    try {
      let failed: unknown;
      const stop = client.subscribe({ query: `subscription { notificationAdded { id } }` }, { next: () => undefined, error: (e) => (failed = e), complete: () => undefined });
      const points = async () => (await t.sql(`SELECT points FROM rate_limit WHERE key LIKE 'cost:user:%'`)).map((r) => r.points);
      for (let i = 0; i < 100 && (await points())[0] === before.points; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await points()).toEqual([before.points + 1]);
      expect(failed).toBeUndefined();
      stop();
    } finally {
      await client.dispose();
    }
  });

  it('charges nothing to a caller whose credentials do not authenticate: the guard answers UNAUTHENTICATED', async () => {
    expect(errorOf(await t.gql(HEAVY, {}, 'not-a-token')).code).toBe('UNAUTHENTICATED');
    expect(await t.sql(`SELECT key FROM rate_limit WHERE key LIKE 'cost:%'`)).toEqual([]);
  });
});

describe('blind-match lookups per organisation (issue 15, outcome 3)', () => {
  const LOOKUPS = 3;
  const LOOKUP = `query($v: String!) { intelBlindMatches(value: $v) { type key organisations } }`;
  let t: TestApp;
  let people: Awaited<ReturnType<typeof intelPeople>>;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ BLIND_MATCH_LOOKUPS_PER_HOUR: LOOKUPS }, { intel: false });
    people = await intelPeople(t);
    await publish(t, people.a, 'Red holdings', [{ type: 'EMAIL', value: 'held@blind.example' }], { sharingLevel: 'RED' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('allows an organisation a few lookups an hour, all its people together, then RATE_LIMITED with retryAfterSeconds; other organisations go on', async () => {
    const first = await t.ok(LOOKUP, { v: 'held@blind.example' }, people.b);
    expect(first.intelBlindMatches).toEqual([expect.objectContaining({ type: 'EMAIL', organisations: 1 })]);
    const colleague = await userFor(t, people.orgB.alliance_id, people.orgB.id, Role.MEMBER_ANALYST, `b-analyst-${Date.now()}@blind.test`);
    await t.ok(LOOKUP, { v: 'guess-1@blind.example' }, colleague);
    await t.ok(LOOKUP, { v: 'guess-2@blind.example' }, people.b);

    const refused = await t.gql(LOOKUP, { v: 'held@blind.example' }, colleague);
    expect(refused.data?.intelBlindMatches ?? null).toBeNull();
    expect(errorOf(refused)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(refused).retryAfterSeconds).toBeGreaterThan(60);
    expect(errorOf(refused).retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(errorOf(await t.gql(LOOKUP, { v: 'guess-3@blind.example' }, people.b)).code).toBe('RATE_LIMITED');

    // aliases do not multiply the budget: each lookup counts; a refused one spends nothing (3 answered)
    const aliased = await t.gql(`{ x: intelBlindMatches(value: "a@blind.example") { key } y: intelBlindMatches(value: "b@blind.example") { key } }`, {}, people.b);
    expect(errorOf(aliased).code).toBe('RATE_LIMITED');
    expect(aliased.data ?? null).toBeNull();
    expect(await t.sql(`SELECT points FROM rate_limit WHERE key = $1`, [`blind-match:org:${people.orgB.id}`])).toEqual([{ points: 3 }]);

    // asking to connect answers whether there is a blind match too: it spends the same budget
    const contact = await t.gql(`mutation($i: RequestContactInput!) { requestContact(input: $i) { id } }`, { i: { type: 'EMAIL', value: 'guess-4@blind.example', message: 'We would like to compare notes.' } }, people.b);
    expect(errorOf(contact)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await t.sql(`SELECT count(*)::int AS n FROM contact_request`)).toEqual([{ n: 0 }]);

    // another organisation has its own budget; the rest of the API is not affected
    expect((await t.ok(LOOKUP, { v: 'held@blind.example' }, people.a)).intelBlindMatches).toEqual([]);
    expect((await t.gql(`{ viewer { role } }`, {}, people.b)).errors).toBeUndefined();
    expect(await t.sql(`SELECT key FROM rate_limit WHERE key LIKE 'blind-match:%' ORDER BY key`)).toEqual(
      [{ key: `blind-match:org:${people.orgA.id}` }, { key: `blind-match:org:${people.orgB.id}` }].sort((x, y) => x.key.localeCompare(y.key)),
    );
  });

  it('a report’s blindMatches spend one lookup per indicator value from the same budget, drafts included: stuffing a draft with guesses is no way around it', async () => {
    await t.sql(`DELETE FROM rate_limit WHERE key LIKE 'blind-match:%'`); // a new hour
    const BLIND = `query($id: ID!) { node(id: $id) { ... on IntelReport { status blindMatches { organisations indicator { key } } } } }`;
    const spent = async () => (await t.sql(`SELECT points FROM rate_limit WHERE key = $1`, [`blind-match:org:${people.orgB.id}`]))[0]?.points ?? 0;
    const draft = (await t.ok(CREATE_REPORT, { i: report('Guesses', [
      { type: 'EMAIL', value: 'held@blind.example' },
      { type: 'EMAIL', value: 'guess-5@blind.example' },
    ], { publish: false }) }, people.b)).createReport;
    expect(draft.status).toBe('DRAFT');

    const first = await t.ok(BLIND, { id: draft.id }, people.b);
    expect(first.node.blindMatches).toEqual([{ organisations: 1, indicator: { key: 'held@blind.example' } }]);
    expect(await spent()).toBe(2);

    // two more do not fit in the one left: refused whole, and the refusal spends nothing
    const refused = await t.gql(BLIND, { id: draft.id }, people.b);
    expect(errorOf(refused)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(refused).retryAfterSeconds).toBeGreaterThan(60);
    expect(errorOf(refused).retryAfterSeconds).toBeLessThanOrEqual(3600);
    expect(refused.data?.node ?? null).toBeNull();
    expect(await spent()).toBe(2);

    // the budget is the one intelBlindMatches spends: its last lookup, then nothing either way
    await t.ok(LOOKUP, { v: 'guess-6@blind.example' }, people.b);
    expect(errorOf(await t.gql(LOOKUP, { v: 'guess-7@blind.example' }, people.b)).code).toBe('RATE_LIMITED');
    const edited = (await t.ok(`mutation($i: UpdateReportInput!) { updateReport(input: $i) { id } }`, { i: { reportId: draft.id, kind: 'ONLINE_SELLER', title: 'Guesses', confidence: 70, indicators: [{ type: 'EMAIL', value: 'guess-8@blind.example' }] } }, people.b)).updateReport;
    expect(errorOf(await t.gql(BLIND, { id: edited.id }, people.b)).code).toBe('RATE_LIMITED');
    expect(await spent()).toBe(3);

    // reports of other organisations answer no blind matches, and cost nothing
    const mine = await publish(t, people.a, 'Green one', [{ type: 'EMAIL', value: 'green@blind.example' }], { sharingLevel: 'GREEN' });
    expect((await t.ok(BLIND, { id: mine.id }, people.b)).node.blindMatches).toEqual([]);
  });
});
