import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { MailService } from '../../apps/api/src/mail/mail.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { ACCEPT, appliedMember, INVITE, invitationToken, invitedMember } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const ADD_TM = `mutation($i: AddTrademarkInput!) { addTrademark(input: $i) { id verificationStatus niceClasses } }`;
const VERIFY = `mutation($i: TrademarkReviewInput!) { verifyTrademark(input: $i) { id verificationStatus } }`;
const REJECT_TM = `mutation($i: TrademarkReviewInput!) { rejectTrademark(input: $i) { id verificationStatus verificationNote } }`;
const START = `mutation($i: MembershipStatusChangeInput!) { startApplicationReview(input: $i) { id status } }`;
const APPROVE = `mutation($i: MembershipStatusChangeInput!) { approveApplication(input: $i) { id status joinedOn statusReason } }`;
const REJECT = `mutation($i: MembershipDecisionInput!) { rejectApplication(input: $i) { id status statusReason } }`;
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id sha256 sizeBytes contentType downloadPath } }`;

describe('onboarding: invite → accept → draft → submit → review → approve', () => {
  let t: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    t = await TestApp.start();
    coordinator = (await allianceWithCoordinator(t, 'onb')).token;
  });
  afterAll(() => t.close());

  it('runs the whole flow and records every step in the audit log', async () => {
    const app = await appliedMember(t, coordinator, 'Vellora Fashion');
    const pdf = Buffer.from('%PDF-1.4\nregistration certificate\n');
    const file = (await t.ok(UPLOAD, { i: { fileName: 'certificate.pdf', contentType: 'application/pdf', contentBase64: pdf.toString('base64') } }, app.token)).uploadEvidenceFile;
    expect(file.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    expect(file.sizeBytes).toBe(pdf.length);
    const download = await t.http().get(file.downloadPath).set('authorization', `Bearer ${app.token}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.body).toString()).toContain('registration certificate');

    // submitted: the applicant's data is frozen while coordinators look at it
    const frozen = await t.gql(`mutation($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name: 'Late Brand' } }, app.token);
    expect(errorOf(frozen).code).toBe('CONFLICT');

    expect((await t.ok(START, { i: { membershipId: app.membershipId } }, coordinator)).startApplicationReview.status).toBe('UNDER_REVIEW');
    const early = await t.gql(APPROVE, { i: { membershipId: app.membershipId } }, coordinator);
    expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', message: '1 trademark(s) still await verification' });
    expect((await t.ok(VERIFY, { i: { trademarkId: app.trademarkId } }, coordinator)).verifyTrademark.verificationStatus).toBe('VERIFIED');
    const approved = (await t.ok(APPROVE, { i: { membershipId: app.membershipId, reason: 'Welcome' } }, coordinator)).approveApplication;
    expect(approved).toMatchObject({ status: 'ACTIVE', statusReason: 'Welcome' });
    expect(approved.joinedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const history = await t.ok(`query($id: ID!) { node(id: $id) { ... on Membership { history { from to } } } }`, { id: app.membershipId }, coordinator);
    expect(history.node.history.map((h: { to: string }) => h.to)).toEqual(['INVITED', 'APPLIED', 'UNDER_REVIEW', 'ACTIVE']);
    const audit = await t.ok(`{ auditEvents(first: 100) { totalCount edges { node { action targetType } } } }`, {}, coordinator);
    const actions = audit.auditEvents.edges.map((e: { node: { action: string } }) => e.node.action);
    for (const a of ['membership.invited', 'invitation.accepted', 'organisation.updated', 'membership.categories_set', 'brand.created', 'trademark.added', 'file.uploaded', 'membership.applied', 'membership.under_review', 'trademark.verified', 'membership.active']) {
      expect(actions).toContain(a);
    }
    // filtered to this membership, newest first, with who did it
    const own = await t.ok(`query($id: ID!) { auditEvents(filter: { targetId: $id }) { totalCount edges { node { action actorId before after } } } }`, { id: app.membershipId }, coordinator);
    expect(own.auditEvents.edges.map((e: any) => e.node.action)).toEqual(['membership.active', 'membership.under_review', 'membership.applied', 'membership.categories_set', 'membership.invited']);
    expect(own.auditEvents.edges[0].node.before.status).toBe('UNDER_REVIEW');
    expect(own.auditEvents.edges[0].node.after.status).toBe('ACTIVE');
    const viewer = await t.ok(`{ viewer { user { id } } }`, {}, coordinator);
    expect(own.auditEvents.edges[0].node.actorId).toBe(viewer.viewer.user.id);
    const byAction = await t.ok(`{ auditEvents(filter: { action: "trademark.verified" }) { edges { node { targetId } } } }`, {}, coordinator);
    expect(byAction.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual([app.trademarkId]);
    const approvedMail = await t.sql(`SELECT subject FROM outbox_message WHERE kind = 'application_approved' AND to_address = $1`, [app.email]);
    expect(approvedMail).toHaveLength(1);
  });

  it('delivers the outbox: logged without SMTP, each message once', async () => {
    await t.get(MailService).dispatch();
    const pending = await t.sql(`SELECT count(*)::int AS n FROM outbox_message WHERE status = 'PENDING'`);
    expect(pending[0].n).toBe(0);
    const logged = await t.sql(`SELECT count(*)::int AS n FROM outbox_message WHERE status = 'LOGGED'`);
    expect(logged[0].n).toBeGreaterThan(0);
    expect(await t.get(MailService).dispatch()).toBe(0);
  });

  it('verifies a trademark of another owner only with an authorisation letter', async () => {
    const app = await appliedMember(t, coordinator, 'Kestrel Agents', { ownerName: 'Someone Else GmbH' });
    await t.ok(START, { i: { membershipId: app.membershipId } }, coordinator);
    const refused = await t.gql(VERIFY, { i: { trademarkId: app.trademarkId } }, coordinator);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', field: 'ownerName' });
    const still = await t.sql(`SELECT verification_status FROM trademark WHERE id = (SELECT id FROM trademark WHERE owner_name = 'Someone Else GmbH')`);
    expect(still[0].verification_status).toBe('PENDING');

    // rejecting needs a note; then the application cannot be approved without a verified mark
    expect(errorOf(await t.gql(REJECT_TM, { i: { trademarkId: app.trademarkId } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect((await t.ok(REJECT_TM, { i: { trademarkId: app.trademarkId, note: 'No authorisation' } }, coordinator)).rejectTrademark.verificationStatus).toBe('REJECTED');
    expect(errorOf(await t.gql(APPROVE, { i: { membershipId: app.membershipId } }, coordinator)).code).toBe('CONFLICT');
    expect(errorOf(await t.gql(REJECT, { i: { membershipId: app.membershipId, reason: '' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const rejected = (await t.ok(REJECT, { i: { membershipId: app.membershipId, reason: 'Trademarks not owned by the applicant' } }, coordinator)).rejectApplication;
    expect(rejected).toMatchObject({ status: 'REJECTED', statusReason: 'Trademarks not owned by the applicant' });
    expect(errorOf(await t.gql(START, { i: { membershipId: app.membershipId } }, coordinator))).toMatchObject({ code: 'CONFLICT', currentStatus: 'REJECTED' });
  });

  it('accepts an authorisation letter in place of a matching owner', async () => {
    const m = await invitedMember(t, coordinator, 'Agent Letters');
    await t.ok(`mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) { id } }`, { i: { organisationId: m.organisationId, legalName: 'Agent Letters SRL', country: 'IT' } }, m.token);
    const brand = (await t.ok(`mutation($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name: 'Principal Brand' } }, m.token)).createBrand;
    const letter = (await t.ok(UPLOAD, { i: { fileName: 'letter.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.7 letter').toString('base64') } }, m.token)).uploadEvidenceFile;
    const tm = (await t.ok(ADD_TM, { i: { brandId: brand.id, office: 'USPTO', registrationNumber: '7654321', niceClasses: [3], ownerName: 'Principal Holdings Inc', evidence: [{ fileId: letter.id, kind: 'AUTHORISATION_LETTER' }] } }, m.token)).addTrademark;
    expect((await t.ok(VERIFY, { i: { trademarkId: tm.id } }, coordinator)).verifyTrademark.verificationStatus).toBe('VERIFIED');
  });

  it('refuses expired, reused and unknown invitation tokens', async () => {
    await t.ok(INVITE, { i: { email: 'once@tokens.test', organisationName: 'Token Co' } }, coordinator);
    const token = await invitationToken(t, 'once@tokens.test');
    const preview = await t.ok(`query($t: String!) { invitation(token: $t) { email organisationName allianceName } }`, { t: token });
    expect(preview.invitation).toEqual({ email: 'once@tokens.test', organisationName: 'Token Co', allianceName: 'Alliance onb' });
    const input = { token, displayName: 'Once', password: 'long-enough-password' };
    expect(errorOf(await t.gql(ACCEPT, { i: { ...input, password: 'short' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    await t.ok(ACCEPT, { i: input });
    expect(errorOf(await t.gql(ACCEPT, { i: input }))).toMatchObject({ code: 'CONFLICT', field: 'token' });
    expect(errorOf(await t.gql(ACCEPT, { i: { ...input, token: 'x'.repeat(43) } }))).toMatchObject({ code: 'NOT_FOUND', field: 'token' });

    await t.ok(INVITE, { i: { email: 'late@tokens.test', organisationName: 'Late Co' } }, coordinator);
    const late = await invitationToken(t, 'late@tokens.test');
    await t.sql(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE email = 'late@tokens.test'`);
    expect(errorOf(await t.gql(ACCEPT, { i: { ...input, token: late } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    const [user] = await t.sql(`SELECT password_hash FROM app_user WHERE email = 'late@tokens.test'`);
    expect(user.password_hash).toBeNull();
  });

  it('a resent invitation replaces the earlier link', async () => {
    const data = await t.ok(INVITE, { i: { email: 'resend@tokens.test', organisationName: 'Resend Co' } }, coordinator);
    const first = await invitationToken(t, 'resend@tokens.test');
    await t.ok(`mutation($i: MembershipStatusChangeInput!) { resendInvitation(input: $i) { id } }`, { i: { membershipId: data.inviteMember.membership.id } }, coordinator);
    const second = await invitationToken(t, 'resend@tokens.test');
    expect(second).not.toBe(first);
    expect(errorOf(await t.gql(ACCEPT, { i: { token: first, displayName: 'Resender', password: 'long-enough-password' } }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', message: expect.stringContaining('expired') });
    await t.ok(ACCEPT, { i: { token: second, displayName: 'Resender', password: 'long-enough-password' } });
  });

  it('refuses bad invitations and changes nothing', async () => {
    const count = async () => (await t.sql(`SELECT (SELECT count(*) FROM organisation) + (SELECT count(*) FROM invitation) + (SELECT count(*) FROM app_user) AS n`))[0].n;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'not-an-email', organisationName: 'Acme' }, 'email'],
      [{ email: 'a@b.test', organisationName: '' }, 'organisationName'],
      [{ email: 'a@b.test', organisationName: 'x'.repeat(10_000) }, 'organisationName'],
      [{ email: 'a@b.test', organisationName: '   ' }, 'organisationName'],
      [{ email: 'a@b.test', organisationName: 'Acme', country: 'XX' }, 'country'],
      [{ email: 'a@b.test', organisationName: 'Acme', tier: 'PLATINUM' }, 'tier'],
      [{ email: 'coordinator@onb.test', organisationName: 'Acme' }, 'email'],
      [{ email: 'a@b.test', organisationName: 'Acme', unknownField: 1 }, 'unknownField'],
    ];
    for (const [input, field] of cases) {
      const res = await t.gql(INVITE, { i: input }, coordinator);
      expect({ field, ...errorOf(res) }).toMatchObject({ field, code: expect.stringMatching(/BAD_USER_INPUT|CONFLICT/) });
    }
    expect(await count()).toBe(before);
  });

  it('refuses bad trademarks at the field at fault, and member admins editing another organisation', async () => {
    const a = await invitedMember(t, coordinator, 'Alpha Goods');
    const b = await invitedMember(t, coordinator, 'Beta Goods');
    const brand = (await t.ok(`mutation($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name: 'Alpha One' } }, a.token)).createBrand;
    const good = { brandId: brand.id, office: 'CNIPA', registrationNumber: '12345678', niceClasses: [9], ownerName: 'Alpha Goods Ltd' };
    const bad: [Record<string, unknown>, string][] = [
      [{ niceClasses: [0] }, 'niceClasses'],
      [{ niceClasses: [46] }, 'niceClasses'],
      [{ niceClasses: [] }, 'niceClasses'],
      [{ office: 'MARS' }, 'office'],
      [{ ownerName: '' }, 'ownerName'],
      [{ registrationNumber: '<script>' }, 'registrationNumber'],
      [{ registeredOn: '2020-02-30' }, 'registeredOn'],
      [{ registeredOn: '2020-01-01', expiresOn: '2019-01-01' }, 'expiresOn'],
      [{ evidence: [{ fileId: 'nope', kind: 'OTHER' }] }, 'evidence.0.fileId'],
    ];
    for (const [change, field] of bad) {
      const res = await t.gql(ADD_TM, { i: { ...good, ...change } }, a.token);
      expect({ change, ...errorOf(res) }).toMatchObject({ change, code: 'BAD_USER_INPUT', field });
    }
    expect(await t.sql(`SELECT * FROM trademark WHERE brand_id = (SELECT id FROM brand WHERE name = 'Alpha One')`)).toHaveLength(0);
    await t.ok(ADD_TM, { i: good }, a.token);
    expect(errorOf(await t.gql(ADD_TM, { i: { ...good, registrationNumber: '12345678' } }, a.token))).toMatchObject({ code: 'CONFLICT', field: 'registrationNumber' });

    // Beta's admin can see neither Alpha's draft nor change it
    const other = await t.gql(`mutation($i: UpdateBrandInput!) { updateBrand(input: $i) { id } }`, { i: { brandId: brand.id, name: 'Hijacked' } }, b.token);
    expect(errorOf(other).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    const tm = await t.gql(ADD_TM, { i: { ...good, registrationNumber: '999' } }, b.token);
    expect(errorOf(tm).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    expect((await t.sql(`SELECT name FROM brand WHERE name = 'Alpha One'`))).toHaveLength(1);
    // and only member admins submit; an incomplete application names what is missing
    expect(errorOf(await t.gql(`mutation { submitApplication { id } }`, {}, b.token))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'legalName' });
    expect(errorOf(await t.gql(`mutation { submitApplication { id } }`, {}, coordinator)).code).toBe('FORBIDDEN');
  });

  it('refuses files that are too big, empty or not what they claim', async () => {
    const m = await invitedMember(t, coordinator, 'File Tester', {});
    const up = (i: Record<string, unknown>) => t.gql(UPLOAD, { i: { fileName: 'f.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4').toString('base64'), ...i } }, m.token);
    expect(errorOf(await up({ contentBase64: Buffer.from('MZ executable').toString('base64') }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    expect(errorOf(await up({ contentType: 'application/x-msdownload' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });
    expect(errorOf(await up({ contentBase64: '***' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    expect(errorOf(await up({ fileName: '../../etc/passwd' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fileName' });
    const big = Buffer.concat([Buffer.from('%PDF-1.4'), Buffer.alloc(t.config.MAX_FILE_BYTES)]);
    expect(errorOf(await up({ contentBase64: big.toString('base64') }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    expect(await t.sql(`SELECT * FROM evidence_file WHERE file_name IN ('f.pdf', '../../etc/passwd')`)).toHaveLength(0);
  });
});
