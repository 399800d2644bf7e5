import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { errorOf, TestApp } from '../support/test-app.js';

const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id name prefix scopes lastUsedAt revokedAt } } }`;
const PARTNERS = `{ partners(first: 100) { nodes: edges { node { id kind scopes status organisation { name } apiKeys { id name lastUsedAt revokedAt } } } } }`;
/** The partners list as plain nodes (it is a connection). */
const partnersOf = (data: any) => data.partners.nodes.map((e: any) => e.node);

describe('accounts, sessions, API keys and roles', () => {
  let t: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('signs in one user per role and tells each who they are', async () => {
    const expected: Record<string, string> = {
      coordinator: 'COORDINATOR', memberAdmin: 'MEMBER_ADMIN', memberAnalyst: 'MEMBER_ANALYST', platformReviewer: 'PLATFORM_REVIEWER', partner: 'PARTNER',
    };
    for (const [key, email] of Object.entries(DEMO_USERS)) {
      const token = await t.login(email, DEMO_PASSWORD);
      const viewer = (await t.ok(`{ viewer { role scopes user { email } } }`, {}, token)).viewer;
      expect(viewer).toMatchObject({ role: expected[key], user: { email } });
    }
    const [hash] = await t.sql(`SELECT password_hash FROM app_user WHERE email = $1`, [DEMO_USERS.coordinator]);
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('slows down password guessing per e-mail, and a correct password resets the count', async () => {
    const q = 'mutation($i: LoginInput!) { login(input: $i) { token } }';
    const email = DEMO_USERS.memberAnalyst;
    for (let i = 0; i < 10; i++) expect(errorOf(await t.gql(q, { i: { email, password: `guess-${i}` } })).code).toBe('UNAUTHENTICATED');
    const limited = await t.gql(q, { i: { email, password: DEMO_PASSWORD } });
    expect(errorOf(limited)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(errorOf(limited).retryAfterSeconds).toBeGreaterThan(0);
    // other people are not locked out
    await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await t.sql(`DELETE FROM rate_limit WHERE key LIKE 'login-email:%'`); // the window passes
    await t.login(email, DEMO_PASSWORD);
    expect((await t.sql(`SELECT * FROM rate_limit WHERE key = $1`, [`login-email:${email}`]))).toHaveLength(0);
  });

  it('refuses expired, forged and malformed session tokens', async () => {
    const secret = new TextEncoder().encode(t.config.sessionSecret());
    const [user] = await t.sql(`SELECT id FROM app_user WHERE email = $1`, [DEMO_USERS.coordinator]);
    const expired = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
    for (const token of [expired, forged, 'garbage', 'cmk_000000000000_notakeynotakeynotakey']) {
      expect(errorOf(await t.gql(`{ viewer { role } }`, {}, token)).code).toBe('UNAUTHENTICATED');
    }
    expect(errorOf(await t.gql(`{ viewer { role } }`)).code).toBe('UNAUTHENTICATED');
  });

  it('issues API keys once, stores them hashed, records last use, and revokes them', async () => {
    const police = partnersOf(await t.ok(PARTNERS, {}, coordinator)).find((p: any) => p.kind === 'LAW_ENFORCEMENT');
    const scopes = police.scopes.filter((s: string) => s === 'directory:read' || s === 'stats:read');
    const created = (await t.ok(CREATE_KEY, { i: { partnershipId: police.id, name: 'Case system', scopes } }, coordinator)).createApiKey;
    expect(created.secret).toMatch(/^cmk_[0-9a-f]{12}_/);
    expect(created.secret.startsWith(created.apiKey.prefix)).toBe(true);
    const stored = await t.sql(`SELECT secret_hash FROM api_key WHERE prefix = $1`, [created.apiKey.prefix.slice(4)]);
    expect(stored[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.secret.slice('cmk_'.length + 13));

    const viewer = (await t.ok(`{ viewer { role scopes apiKeyName user { id } } }`, {}, created.secret)).viewer;
    expect(viewer).toEqual({ role: 'PARTNER', scopes: [...scopes].sort(), apiKeyName: 'Case system', user: null });
    expect((await t.ok(`{ members(first: 1) { totalCount } }`, {}, created.secret)).members.totalCount).toBeGreaterThan(0);
    const listed = partnersOf(await t.ok(PARTNERS, {}, coordinator)).find((p: any) => p.id === police.id).apiKeys.find((k: any) => k.id === created.apiKey.id);
    expect(listed.lastUsedAt).not.toBeNull();
    // the list never carries a secret
    expect(JSON.stringify(await t.ok(PARTNERS, {}, coordinator))).not.toContain(created.secret);

    await t.ok(`mutation($id: ID!) { revokeApiKey(apiKeyId: $id) { revokedAt } }`, { id: created.apiKey.id }, coordinator);
    expect(errorOf(await t.gql(`{ viewer { role } }`, {}, created.secret)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await t.gql(`mutation($id: ID!) { revokeApiKey(apiKeyId: $id) { revokedAt } }`, { id: created.apiKey.id }, coordinator)).code).toBe('CONFLICT');
  });

  it('limits keys to their scopes and partnerships', async () => {
    const partners = partnersOf(await t.ok(PARTNERS, {}, coordinator));
    const police = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT');
    const narrow = (await t.ok(CREATE_KEY, { i: { partnershipId: police.id, name: 'Stats only', scopes: ['stats:read'] } }, coordinator)).createApiKey;
    expect(errorOf(await t.gql(`{ members(first: 1) { totalCount } }`, {}, narrow.secret)).code).toBe('FORBIDDEN');
    expect((await t.ok(`{ alliance { figures { activeMembers } } }`, {}, narrow.secret)).alliance.figures.activeMembers).toBeGreaterThan(0);
    // a key cannot hold what its partnership does not grant, nor unknown scopes
    await t.ok(`mutation($i: UpdatePartnershipInput!) { updatePartnership(input: $i) { scopes } }`, { i: { partnershipId: police.id, scopes: ['stats:read'] } }, coordinator);
    expect(errorOf(await t.gql(CREATE_KEY, { i: { partnershipId: police.id, name: 'Too wide', scopes: ['directory:read'] } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    expect(errorOf(await t.gql(CREATE_KEY, { i: { partnershipId: police.id, name: 'Odd', scopes: ['root'] } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    // ending the partnership revokes its keys
    await t.ok(`mutation($id: ID!) { endPartnership(partnershipId: $id) { status } }`, { id: police.id }, coordinator);
    expect(errorOf(await t.gql(`{ viewer { role } }`, {}, narrow.secret)).code).toBe('UNAUTHENTICATED');
    // and the police officer's session no longer carries any scope
    const officer = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    expect((await t.ok(`{ viewer { scopes } }`, {}, officer)).viewer.scopes).toEqual([]);
    expect(errorOf(await t.gql(`{ members(first: 1) { totalCount } }`, {}, officer)).code).toBe('FORBIDDEN');
  });

  it('keeps coordinator operations from other roles', async () => {
    const analyst = await t.login(DEMO_USERS.memberAnalyst, DEMO_PASSWORD);
    const partners = partnersOf(await t.ok(PARTNERS, {}, coordinator));
    const forbidden = [
      [`mutation { createPartner(input: { name: "X Corp", kind: ACADEMIA, scopes: [] }) { id } }`, {}],
      [CREATE_KEY, { i: { partnershipId: partners[0].id, name: 'Mine', scopes: [] } }],
      [`{ auditEvents { totalCount } }`, {}],
      [`mutation { inviteMember(input: { email: "x@y.test", organisationName: "Xy" }) { invitation { id } } }`, {}],
    ] as const;
    for (const [query, variables] of forbidden) {
      expect(errorOf(await t.gql(query, variables as Record<string, unknown>, analyst)).code).toBe('FORBIDDEN');
    }
    // an analyst sees partners but not their keys
    const seen = partnersOf(await t.ok(PARTNERS, {}, analyst));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p: any) => p.apiKeys.length === 0)).toBe(true);
  });

  it('creates partners with validated input', async () => {
    const created = (await t.ok(`mutation { createPartner(input: { name: "Delta University", kind: ACADEMIA, country: "NL", scopes: ["stats:read"] }) { kind scopes organisation { name } } }`, {}, coordinator)).createPartner;
    expect(created).toEqual({ kind: 'ACADEMIA', scopes: ['stats:read'], organisation: { name: 'Delta University' } });
    expect(errorOf(await t.gql(`mutation { createPartner(input: { name: "Delta", kind: PIRATES, scopes: [] }) { id } }`, {}, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kind' });
  });
});
