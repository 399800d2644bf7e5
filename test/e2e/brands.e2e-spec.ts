import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/domain/src/index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { userFor } from '../factories/alliance.factory.js';
import { INVITE, uuid } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const CREATE = `mutation($i: CreateBrandInput!) { createBrand(input: $i) { id name website organisation { name } } }`;
const UPDATE = `mutation($i: UpdateBrandInput!) { updateBrand(input: $i) { id name description } }`;
const ADD_TM = `mutation($i: AddTrademarkInput!) { addTrademark(input: $i) { id verificationStatus niceClasses brand { name organisation { name } } } }`;
const UPDATE_TM = `mutation($i: UpdateTrademarkInput!) { updateTrademark(input: $i) { id verificationStatus registrationNumber evidence { kind file { fileName } } } }`;
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id downloadPath } }`;

describe('brands and trademarks of active members', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let analyst: string;
  let otherAdmin: string;
  let ownOrg: { id: string; name: string };

  beforeAll(async () => {
    t = await TestApp.startWithDemo();
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    analyst = await t.login(DEMO_USERS.memberAnalyst, DEMO_PASSWORD);
    const [other] = await t.sql(`SELECT o.id, o.alliance_id FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE m.status = 'ACTIVE' AND o.name <> 'Zhenlan Electronics' ORDER BY o.name LIMIT 1`);
    otherAdmin = await userFor(t, other.alliance_id, other.id, Role.MEMBER_ADMIN, 'admin@other-member.test');
    const viewer = await t.ok(`{ viewer { user { id } } }`, {}, admin);
    expect(viewer.viewer.user.id).toBeTruthy();
    const [org] = await t.sql(`SELECT id, name FROM organisation WHERE name = 'Zhenlan Electronics'`);
    ownOrg = org;
  });
  afterAll(() => t.close());

  it('lets a member admin manage its brands and trademarks; a change sends a trademark back to PENDING', async () => {
    const brand = (await t.ok(CREATE, { i: { name: 'Nightjar', website: 'https://nightjar.example' } }, admin)).createBrand;
    expect(brand).toMatchObject({ name: 'Nightjar', organisation: { name: 'Zhenlan Electronics' } });
    expect((await t.ok(UPDATE, { i: { brandId: brand.id, description: 'Headphones' } }, admin)).updateBrand).toMatchObject({ name: 'Nightjar', description: 'Headphones' });
    expect(errorOf(await t.gql(CREATE, { i: { name: 'nightjar' } }, admin))).toMatchObject({ code: 'CONFLICT', field: 'name' });

    const tm = (await t.ok(ADD_TM, { i: { brandId: brand.id, office: 'JPO', registrationNumber: '6543210', niceClasses: [9, 9 + 0, 42].filter((v, i, a) => a.indexOf(v) === i).reverse(), ownerName: 'Zhenlan Electronics Co., Ltd.' } }, admin)).addTrademark;
    expect(tm).toMatchObject({ verificationStatus: 'PENDING', niceClasses: [9, 42], brand: { name: 'Nightjar', organisation: { name: 'Zhenlan Electronics' } } });
    expect((await t.ok(`mutation($i: TrademarkReviewInput!) { verifyTrademark(input: $i) { verificationStatus } }`, { i: { trademarkId: tm.id } }, coordinator)).verifyTrademark.verificationStatus).toBe('VERIFIED');

    const file = (await t.ok(UPLOAD, { i: { fileName: 'jpo.png', contentType: 'image/png', contentBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64') } }, admin)).uploadEvidenceFile;
    const changed = (await t.ok(UPDATE_TM, { i: { trademarkId: tm.id, office: 'JPO', registrationNumber: '6543211', niceClasses: [9], ownerName: 'Zhenlan Electronics Co., Ltd.', evidence: [{ fileId: file.id, kind: 'REGISTRATION_CERTIFICATE' }] } }, admin)).updateTrademark;
    expect(changed).toMatchObject({ verificationStatus: 'PENDING', registrationNumber: '6543211', evidence: [{ kind: 'REGISTRATION_CERTIFICATE', file: { fileName: 'jpo.png' } }] });

    // another member sees the brand but neither the evidence file nor the right to change anything
    const seenByOther = await t.ok(`query($id: ID!) { node(id: $id) { ... on Trademark { evidence { kind file { fileName } } } } }`, { id: tm.id }, otherAdmin);
    expect(seenByOther.node.evidence).toEqual([{ kind: 'REGISTRATION_CERTIFICATE', file: null }]);
    expect((await t.http().get(file.downloadPath).set('authorization', `Bearer ${otherAdmin}`)).status).toBe(404);
    expect((await t.http().get(file.downloadPath)).status).toBe(401);
    expect((await t.http().get(file.downloadPath).set('authorization', `Bearer ${coordinator}`)).status).toBe(200);
    // a signed link works without credentials, for this file only, and not once tampered with
    const signed = await t.ok(`query($id: ID!) { node(id: $id) { ... on EvidenceFile { downloadUrl } } }`, { id: file.id }, admin);
    const link = signed.node.downloadUrl as string;
    const plain = await t.http().get(link);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('image/png');
    expect(plain.headers['content-disposition']).toContain('jpo.png');
    expect((await t.http().get(link.slice(0, -3) + 'abc')).status).toBe(404);
    const [otherFile] = await t.sql(`SELECT id FROM evidence_file WHERE id <> $1 LIMIT 1`, [uuid(file.id)]);
    if (otherFile) expect((await t.http().get(link.replace(file.id, Buffer.from(`EvidenceFile:${otherFile.id}`).toString('base64url')))).status).toBe(404);
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: file.id }, otherAdmin)).node).toBeNull();

    expect(await t.ok(`mutation($id: ID!) { removeTrademark(trademarkId: $id) }`, { id: tm.id }, admin)).toEqual({ removeTrademark: tm.id });
    expect(await t.ok(`mutation($id: ID!) { removeBrand(brandId: $id) }`, { id: brand.id }, admin)).toEqual({ removeBrand: brand.id });
    expect(await t.sql(`SELECT * FROM brand WHERE id = $1`, [uuid(brand.id)])).toHaveLength(0);
    const removed = await t.ok(`query($id: ID!) { auditEvents(filter: { targetId: $id }) { edges { node { action before } } } }`, { id: brand.id }, coordinator);
    expect(removed.auditEvents.edges[0].node).toMatchObject({ action: 'brand.removed', before: { name: 'Nightjar' } });
  });

  it('tells a member admin its own organisation and membership, and lets it clear optional details', async () => {
    const v = await t.ok(`{ viewer { organisation { id name website membership { status } } } }`, {}, admin);
    expect(v.viewer.organisation).toMatchObject({ name: 'Zhenlan Electronics', membership: { status: 'ACTIVE' } });
    expect(v.viewer.organisation.website).toBeTruthy();
    const q = `mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) { website description name } }`;
    const cleared = await t.ok(q, { i: { organisationId: v.viewer.organisation.id, website: '', description: '' } }, admin);
    expect(cleared.updateOrganisation).toEqual({ website: null, description: null, name: 'Zhenlan Electronics' });
    expect(errorOf(await t.gql(q, { i: { organisationId: v.viewer.organisation.id, name: '' } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(errorOf(await t.gql(q, { i: { organisationId: v.viewer.organisation.id, website: 'ftp://x' } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'website' });
    expect((await t.ok(`{ viewer { organisation { id } } }`, {}, coordinator)).viewer.organisation).toBeNull();
  });

  it('refuses analysts and other members, and changes nothing', async () => {
    const [brand] = await t.sql(`SELECT b.id, b.name FROM brand b WHERE b.organisation_id = $1 ORDER BY b.name LIMIT 1`, [ownOrg.id]);
    const brandId = Buffer.from(`Brand:${brand.id}`).toString('base64url');
    expect(errorOf(await t.gql(UPDATE, { i: { brandId, name: 'By analyst' } }, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(UPDATE, { i: { brandId, name: 'By rival' } }, otherAdmin)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(CREATE, { i: { name: 'Planted', organisationId: Buffer.from(`Organisation:${ownOrg.id}`).toString('base64url') } }, otherAdmin)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(`mutation($id: ID!) { removeBrand(brandId: $id) }`, { id: brandId }, otherAdmin)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(`mutation($i: TrademarkReviewInput!) { verifyTrademark(input: $i) { id } }`, { i: { trademarkId: brandId } }, admin)).code).toBe('FORBIDDEN');
    const [after] = await t.sql(`SELECT name FROM brand WHERE id = $1`, [brand.id]);
    expect(after.name).toBe(brand.name);
    expect(await t.sql(`SELECT * FROM brand WHERE name = 'Planted'`)).toHaveLength(0);
  });

  it('lets coordinators set tiers and see invitations on a membership', async () => {
    await t.ok(INVITE, { i: { email: 'tiers@new.test', organisationName: 'Tier Co', tier: 'ASSOCIATE' } }, coordinator);
    const page = await t.ok(`{ members(first: 5, filter: { statuses: [INVITED] }) { edges { node { id tier invitations { email acceptedAt } } } } }`, {}, coordinator);
    const invited = page.members.edges[0].node;
    expect(invited).toMatchObject({ tier: 'ASSOCIATE', invitations: [{ email: 'tiers@new.test', acceptedAt: null }] });
    const set = await t.ok(`mutation($i: SetMembershipTierInput!) { setMembershipTier(input: $i) { tier } }`, { i: { membershipId: invited.id, tier: 'FULL' } }, coordinator);
    expect(set.setMembershipTier.tier).toBe('FULL');
    expect(errorOf(await t.gql(`mutation($i: SetMembershipTierInput!) { setMembershipTier(input: $i) { tier } }`, { i: { membershipId: invited.id, tier: 'FOUNDING' } }, admin)).code).toBe('FORBIDDEN');
    // members never see invitations
    const own = await t.ok(`{ members(first: 1) { edges { node { invitations { email } } } } }`, {}, admin);
    expect(own.members.edges[0].node.invitations).toEqual([]);
  });
});
