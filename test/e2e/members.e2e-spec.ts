import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryCounter } from '../../apps/api/src/database/query-counter.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { DEMO_MEMBERS } from '../../apps/api/src/demo/demo-data.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const DIRECTORY = `query($first: Int, $after: String, $filter: MemberFilter) {
  members(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id status tier categories { name } organisation { id name country brands { name trademarks { office registrationNumber niceClasses evidence { kind } } } } } }
  }
}`;

describe('member directory, memberships and figures', () => {
  let t: TestApp;
  let coordinator: string;
  let member: string;
  let partner: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    member = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    partner = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('pages through every member in name order with nested brands and trademarks', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let brands = 0;
    do {
      const page: any = (await t.ok(DIRECTORY, { first: 7, after }, coordinator)).members;
      expect(page.totalCount).toBe(DEMO_MEMBERS.length);
      for (const e of page.edges) {
        names.push(e.node.organisation.name);
        brands += e.node.organisation.brands.length;
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(names).toEqual(DEMO_MEMBERS.map((m) => m.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(brands).toBe(DEMO_MEMBERS.reduce((n, m) => n + m.brands.length, 0));
  });

  it('runs a constant number of SQL statements whatever the page size', async () => {
    const counter = t.get(QueryCounter);
    const statements = async (first: number) => {
      const before = counter.count;
      const data = await t.ok(DIRECTORY, { first }, coordinator);
      expect(data.members.edges).toHaveLength(first);
      return counter.count - before;
    };
    await statements(1); // warm up
    const small = await statements(2);
    const large = await statements(30);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(8);
  });

  it('refuses queries that are too expensive before running them', async () => {
    const page = `members(first: 100) { edges { node { organisation { brands { trademarks { evidence { file { sha256 } } } } } } } }`;
    const aliases = Array.from({ length: 40 }, (_, i) => `m${i}: ${page}`).join('\n');
    const res = await t.gql(`{ ${aliases} }`, {}, coordinator);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    expect(res.data).toBeFalsy();
    expect((await t.gql(`{ ${page} }`, {}, coordinator)).errors).toBeUndefined();
  });

  it('filters by search, country, category and status', async () => {
    const first = DEMO_MEMBERS[0];
    const byName = await t.ok(DIRECTORY, { filter: { search: first.name.slice(0, 6).toUpperCase() } }, coordinator);
    expect(byName.members.edges.map((e: any) => e.node.organisation.name)).toContain(first.name);
    const brandName = first.brands[0].name;
    const byBrand = await t.ok(DIRECTORY, { filter: { search: brandName } }, coordinator);
    expect(byBrand.members.edges.map((e: any) => e.node.organisation.name)).toContain(first.name);

    const country = 'DE';
    const de = await t.ok(DIRECTORY, { first: 100, filter: { countries: [country] } }, coordinator);
    expect(de.members.totalCount).toBe(DEMO_MEMBERS.filter((m) => m.country === country).length);
    expect(de.members.edges.every((e: any) => e.node.organisation.country === country)).toBe(true);

    const categories = (await t.ok(`{ categories { id name } }`, {}, coordinator)).categories;
    expect(categories).toHaveLength(12);
    const cat = categories.find((c: any) => c.name === first.categories[0]);
    const inCat = await t.ok(DIRECTORY, { first: 100, filter: { categoryIds: [cat.id] } }, coordinator);
    expect(inCat.members.totalCount).toBe(DEMO_MEMBERS.filter((m) => m.categories.includes(cat.name)).length);

    const pending = await t.ok(DIRECTORY, { first: 100, filter: { statuses: ['APPLIED', 'UNDER_REVIEW'] } }, coordinator);
    expect(pending.members.totalCount).toBe(2);

    expect(errorOf(await t.gql(DIRECTORY, { filter: { countries: ['Germany'] } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countries' });
    expect(errorOf(await t.gql(DIRECTORY, { filter: { statuses: ['GONE'] } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorOf(await t.gql(DIRECTORY, { first: 101 }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(errorOf(await t.gql(DIRECTORY, { after: 'garbage' }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('shows members only active members (plus their own), counts included; partners need directory:read', async () => {
    const seen = await t.ok(DIRECTORY, { first: 100 }, member);
    const active = DEMO_MEMBERS.filter((m) => m.status === 'ACTIVE').length;
    expect(seen.members.totalCount).toBe(active);
    expect(seen.members.edges.every((e: any) => e.node.status === 'ACTIVE')).toBe(true);

    const all = await t.ok(DIRECTORY, { first: 100 }, coordinator);
    const hidden = all.members.edges.find((e: any) => e.node.status === 'APPLIED').node;
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: hidden.id }, member)).node).toBeNull();
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: hidden.organisation.id }, member)).node).toBeNull();

    // the demo police partner has directory:read; an API key without it is refused
    expect((await t.ok(DIRECTORY, { first: 1 }, partner)).members.totalCount).toBe(active);
  });

  it('suspends, reinstates and ends memberships through the transition table', async () => {
    const all = await t.ok(DIRECTORY, { first: 100, filter: { statuses: ['ACTIVE'] } }, coordinator);
    const target = all.members.edges.at(-1).node;
    const SUSPEND = `mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status statusReason } }`;
    const REINSTATE = `mutation($i: MembershipStatusChangeInput!) { reinstateMembership(input: $i) { status } }`;
    const END = `mutation($i: MembershipStatusChangeInput!) { endMembership(input: $i) { status } }`;

    expect(errorOf(await t.gql(SUSPEND, { i: { membershipId: target.id, reason: 'Late fees' } }, member)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(REINSTATE, { i: { membershipId: target.id } }, coordinator))).toMatchObject({ code: 'CONFLICT', currentStatus: 'ACTIVE', field: 'membershipId' });
    expect((await t.ok(SUSPEND, { i: { membershipId: target.id, reason: 'Late fees' } }, coordinator)).suspendMembership).toEqual({ status: 'SUSPENDED', statusReason: 'Late fees' });
    expect((await t.ok(REINSTATE, { i: { membershipId: target.id } }, coordinator)).reinstateMembership.status).toBe('ACTIVE');
    expect((await t.ok(END, { i: { membershipId: target.id, reason: 'Leaving' } }, coordinator)).endMembership.status).toBe('LEFT');
    expect(errorOf(await t.gql(REINSTATE, { i: { membershipId: target.id } }, coordinator))).toMatchObject({ code: 'CONFLICT', currentStatus: 'LEFT' });
    expect(errorOf(await t.gql(SUSPEND, { i: { membershipId: 'bm90LWFuLWlk', reason: 'x y z' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'membershipId' });
  });

  it('lets exactly one of two concurrent transitions of a membership succeed', async () => {
    const all = await t.ok(DIRECTORY, { first: 100, filter: { statuses: ['ACTIVE'] } }, coordinator);
    const target = all.members.edges[3].node;
    const SUSPEND = `mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status } }`;
    const END = `mutation($i: MembershipStatusChangeInput!) { endMembership(input: $i) { status } }`;
    const results = await Promise.all([
      t.gql(SUSPEND, { i: { membershipId: target.id, reason: 'Race one' } }, coordinator),
      t.gql(SUSPEND, { i: { membershipId: target.id, reason: 'Race two' } }, coordinator),
      t.gql(END, { i: { membershipId: target.id, reason: 'Race three' } }, coordinator),
    ]);
    const ok = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(refused.every((r) => errorOf(r).code === 'CONFLICT')).toBe(true);
    const [row] = await t.sql(`SELECT status, version FROM membership WHERE id = (SELECT m.id FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE o.name = $1)`, [target.organisation.name]);
    const transitions = await t.sql(`SELECT count(*)::int AS n FROM membership_transition mt JOIN membership m ON m.id = mt.membership_id JOIN organisation o ON o.id = m.organisation_id WHERE o.name = $1`, [target.organisation.name]);
    // one demo row plus one per successful change, and the version counts the same changes
    expect(transitions[0].n).toBe(1 + ok.length);
    expect(row.version).toBe(1 + ok.length);
    // two suspensions can never both win
    expect(ok.filter((r) => r.data.suspendMembership).length).toBeLessThanOrEqual(1);
  });

  it('answers the alliance figures', async () => {
    const data = await t.ok(`{ alliance { homeCountry figures { activeMembers brands trademarks categories outsideHomeCountryShare membersByStatus { status count } joinedPerYear { year count } } } }`, {}, coordinator);
    const f = data.alliance.figures;
    const activeNow = f.membersByStatus.find((s: any) => s.status === 'ACTIVE').count;
    expect(f.activeMembers).toBe(activeNow);
    expect(f.categories).toBe(12);
    expect(f.brands).toBeGreaterThan(100);
    expect(f.trademarks).toBeGreaterThan(f.brands);
    expect(f.outsideHomeCountryShare).toBeGreaterThan(0.5);
    expect(f.outsideHomeCountryShare).toBeLessThan(0.9);
    expect(f.joinedPerYear[0].year).toBe(2017);
    const total = f.membersByStatus.reduce((n: number, s: any) => n + s.count, 0);
    expect(total).toBe(DEMO_MEMBERS.length);
  });

  it('keeps every alliance apart: ids of another alliance answer like missing ones', async () => {
    const other = await allianceWithCoordinator(t, 'other-alliance');
    const mine = await t.ok(DIRECTORY, { first: 1 }, coordinator);
    const id = mine.members.edges[0].node.id;
    const orgId = mine.members.edges[0].node.organisation.id;
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, other.token)).node).toBeNull();
    expect((await t.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id, orgId] }, other.token)).nodes).toEqual([null, null]);
    expect((await t.ok(DIRECTORY, {}, other.token)).members.totalCount).toBe(0);
    const suspend = await t.gql(`mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status } }`, { i: { membershipId: id, reason: 'Not yours' } }, other.token);
    expect(errorOf(suspend).code).toBe('NOT_FOUND');
    const update = await t.gql(`mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) { id } }`, { i: { organisationId: orgId, name: 'Stolen' } }, other.token);
    expect(errorOf(update).code).toBe('NOT_FOUND');
    expect((await t.ok(`{ alliance { figures { activeMembers brands } } }`, {}, other.token)).alliance.figures).toEqual({ activeMembers: 0, brands: 0 });
  });
});

describe('industry categories and alliance settings', () => {
  let t: TestApp;
  let coordinator: string;
  let member: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    member = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  it('creates, renames, merges and retires categories; retired ones keep their history', async () => {
    const created = (await t.ok(`mutation { createCategory(input: { name: "Wine & Spirits" }) { id name status } }`, {}, coordinator)).createCategory;
    expect(created).toMatchObject({ name: 'Wine & Spirits', status: 'ACTIVE' });
    expect(errorOf(await t.gql(`mutation { createCategory(input: { name: "wine & spirits" }) { id } }`, {}, coordinator))).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(errorOf(await t.gql(`mutation { createCategory(input: { name: "" }) { id } }`, {}, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(errorOf(await t.gql(`mutation { createCategory(input: { name: "Hacks" }) { id } }`, {}, member)).code).toBe('FORBIDDEN');

    const renamed = (await t.ok(`mutation($i: RenameCategoryInput!) { renameCategory(input: $i) { name } }`, { i: { id: created.id, name: 'Wines' } }, coordinator)).renameCategory;
    expect(renamed.name).toBe('Wines');

    const list = (await t.ok(`{ categories { id name } }`, {}, coordinator)).categories;
    const source = list.find((c: any) => c.name === 'Toys & Games');
    const target = list.find((c: any) => c.name === 'Sports & Outdoor');
    const membersOf = async (id: string) => (await t.ok(DIRECTORY, { first: 100, filter: { categoryIds: [id] } }, coordinator)).members.totalCount;
    const sourceCount = await membersOf(source.id);
    const targetCount = await membersOf(target.id);
    expect(sourceCount).toBeGreaterThan(0);
    await t.ok(`mutation($i: MergeCategoriesInput!) { mergeCategories(input: $i) { id } }`, { i: { sourceId: source.id, targetId: target.id } }, coordinator);
    expect(await membersOf(target.id)).toBeGreaterThanOrEqual(Math.max(sourceCount, targetCount));
    expect(await membersOf(source.id)).toBe(0);
    const retired = (await t.ok(`{ categories(includeRetired: true) { id name status mergedInto { name } } }`, {}, coordinator)).categories.find((c: any) => c.id === source.id);
    expect(retired).toMatchObject({ status: 'RETIRED', mergedInto: { name: 'Sports & Outdoor' } });
    expect((await t.ok(`{ categories { id } }`, {}, coordinator)).categories.map((c: any) => c.id)).not.toContain(source.id);
    expect(errorOf(await t.gql(`mutation($i: MergeCategoriesInput!) { mergeCategories(input: $i) { id } }`, { i: { sourceId: target.id, targetId: target.id } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetId' });
    expect(errorOf(await t.gql(`mutation($i: MergeCategoriesInput!) { mergeCategories(input: $i) { id } }`, { i: { sourceId: source.id, targetId: target.id } }, coordinator))).toMatchObject({ code: 'CONFLICT', field: 'sourceId' });

    await t.ok(`mutation($id: ID!) { retireCategory(id: $id) { status } }`, { id: created.id }, coordinator);
    const events = await t.ok(`{ auditEvents(filter: { targetType: "IndustryCategory" }) { totalCount edges { node { action before after } } } }`, {}, coordinator);
    expect(events.auditEvents.edges.map((e: any) => e.node.action)).toEqual(['category.retired', 'category.merged', 'category.renamed', 'category.created']);
    expect(events.auditEvents.edges[2].node.before.name).toBe('Wine & Spirits');
    expect(events.auditEvents.edges[2].node.after.name).toBe('Wines');
  });

  it('updates the alliance settings, coordinators only, validated', async () => {
    const UPDATE = `mutation($i: UpdateAllianceSettingsInput!) { updateAllianceSettings(input: $i) { takedownSlaHours defaultSharingLevel homeCountry } }`;
    expect((await t.ok(UPDATE, { i: { takedownSlaHours: 48, defaultSharingLevel: 'GREEN' } }, coordinator)).updateAllianceSettings).toEqual({ takedownSlaHours: 48, defaultSharingLevel: 'GREEN', homeCountry: 'CN' });
    expect(errorOf(await t.gql(UPDATE, { i: { takedownSlaHours: 0 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'takedownSlaHours' });
    expect(errorOf(await t.gql(UPDATE, { i: { defaultSharingLevel: 'PURPLE' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'defaultSharingLevel' });
    expect(errorOf(await t.gql(UPDATE, { i: { takedownSlaHours: 12 } }, member)).code).toBe('FORBIDDEN');
    const markets = await t.ok(`mutation($i: UpdateAllianceSettingsInput!) { updateAllianceSettings(input: $i) { marketplaces } }`, { i: { marketplaces: ['taobao', 'amazon'] } }, coordinator);
    expect(markets.updateAllianceSettings.marketplaces).toEqual(['taobao', 'amazon']);
    expect(errorOf(await t.gql(UPDATE, { i: { marketplaces: ['silkroad'] } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'marketplaces' });
    expect((await t.ok(`{ alliance { takedownSlaHours } }`, {}, member)).alliance.takedownSlaHours).toBe(48);
  });
});
