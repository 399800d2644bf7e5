import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/domain/src/index.js';
import { allianceWithCoordinator, userFor } from '../factories/alliance.factory.js';
import { ACCEPT, INVITE, invitationToken, invitedMember, uuid } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const MEMBERS = `{ members(first: 5) { totalCount } }`;
const INTEL = `{ intelReports(first: 5) { totalCount } }`;
const VIEWER = `{ viewer { scopes } }`;

describe('authorisation follows the membership (issue 15, outcome 5)', () => {
  let t: TestApp;
  let coordinator: string;
  let allianceId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    const a = await allianceWithCoordinator(t, 'follows');
    coordinator = a.token;
    allianceId = a.alliance.id;
  });
  afterAll(() => t.close());

  /** An active member organisation and an analyst of it, signed in. */
  async function activeMemberAnalyst(name: string) {
    const m = await invitedMember(t, coordinator, name);
    await t.sql(`UPDATE membership SET status = 'ACTIVE', joined_on = current_date WHERE id = $1`, [uuid(m.membershipId)]); // the approval flow is onboarding's test
    const analyst = await userFor(t, allianceId, uuid(m.organisationId), Role.MEMBER_ANALYST, `analyst@${name.toLowerCase()}.test`);
    return { ...m, analyst };
  }

  it('a suspended member’s people lose the directory and intelligence at their next request, and get them back when it is reinstated', async () => {
    const m = await activeMemberAnalyst('Lapsing');
    expect((await t.ok(MEMBERS, {}, m.analyst)).members.totalCount).toBeGreaterThanOrEqual(1);
    expect((await t.ok(INTEL, {}, m.analyst)).intelReports.totalCount).toBe(0);

    await t.ok(`mutation($i: MembershipDecisionInput!) { suspendMembership(input: $i) { status } }`, { i: { membershipId: m.membershipId, reason: 'Unpaid dues' } }, coordinator);
    // the same session token, no new sign-in
    expect(errorOf(await t.gql(MEMBERS, {}, m.analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(INTEL, {}, m.analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(MEMBERS, {}, m.token)).code).toBe('FORBIDDEN'); // its admin too
    const scopes = (await t.ok(VIEWER, {}, m.analyst)).viewer.scopes;
    expect(scopes.filter((s: string) => s === 'directory:read' || s.startsWith('intel:'))).toEqual([]);

    await t.ok(`mutation($i: MembershipStatusChangeInput!) { reinstateMembership(input: $i) { status } }`, { i: { membershipId: m.membershipId } }, coordinator);
    expect((await t.ok(MEMBERS, {}, m.analyst)).members.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('a member that left loses them too', async () => {
    const m = await activeMemberAnalyst('Departing');
    await t.ok(`mutation($i: MembershipStatusChangeInput!) { endMembership(input: $i) { status } }`, { i: { membershipId: m.membershipId, reason: 'Left the market' } }, coordinator);
    expect(errorOf(await t.gql(MEMBERS, {}, m.analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(INTEL, {}, m.analyst)).code).toBe('FORBIDDEN');
  });

  it('a rejected applicant’s invitations stop working', async () => {
    const email = 'first@turned-down.test';
    const invited = (await t.ok(INVITE, { i: { email, organisationName: 'Turned Down Co' } }, coordinator)).inviteMember;
    const token = await invitationToken(t, email);
    await t.ok(`mutation($i: MembershipDecisionInput!) { rejectApplication(input: $i) { status } }`, { i: { membershipId: invited.membership.id, reason: 'Not a brand owner' } }, coordinator);
    const accepted = await t.gql(ACCEPT, { i: { token, displayName: 'Too Late', password: 'a long enough password' } });
    expect(errorOf(accepted)).toMatchObject({ code: 'CONFLICT', field: 'token', currentStatus: 'REJECTED' });
    expect(errorOf(await t.gql(`query($t: String!) { invitation(token: $t) { email } }`, { t: token }))).toMatchObject({ code: 'CONFLICT', field: 'token' });
    expect(await t.sql(`SELECT accepted_at FROM invitation WHERE membership_id = $1`, [uuid(invited.membership.id)])).toEqual([{ accepted_at: null }]);
  });

  it('enforces @Scopes on a field: the alliance figures need stats:read, the rest of the answer stays', async () => {
    const created = (await t.ok(`mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`, { i: { name: 'Figures-less Agency', kind: 'TRADE_ASSOCIATION', country: 'FR', scopes: ['directory:read'] } }, coordinator)).createPartner;
    const key = (await t.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: created.id, name: 'No stats', scopes: ['directory:read'] } }, coordinator)).createApiKey.secret;
    const res = await t.gql(`{ alliance { name figures { activeMembers } } }`, {}, key);
    expect(res.errors?.[0]).toMatchObject({ path: ['alliance', 'figures'], extensions: { code: 'FORBIDDEN' } });
    expect(res.data?.alliance?.figures ?? null).toBeNull(); // a non-null field refused: its parent is null
    expect((await t.ok(`{ alliance { name } }`, {}, key)).alliance.name).toBe('Alliance follows');
    // with the scope, the same field answers
    expect((await t.ok(`{ alliance { figures { activeMembers } } }`, {}, coordinator)).alliance.figures.activeMembers).toBeGreaterThanOrEqual(0);
  });
});
