import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { Role } from '../../libs/domain/src/index.js';
import { userFor } from '../factories/alliance.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 16, outcome 1: IP rights besides trademarks, and agents filing within their authorisation.
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`;
const ADD = `mutation($i: AddIpRightInput!) { addIpRight(input: $i) { id kind office number holder classes territories verificationStatus certificate { id } } }`;
const FILE = `mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id status organisation { name } agent { name } trademark { id } ipRight { kind number } } }`;
const AUTHORISE = `mutation($i: AuthoriseAgentInput!) { authoriseAgent(input: $i) { id status expiresOn principal { name } agent { name } brands { name } } }`;

describe('IP rights and agents', () => {
  let t: TestApp;
  let coordinator: string;
  let admin: string;
  let analyst: string;
  let agent: string;
  let agentOrgId: string;
  let brandId: string;
  let secondBrandId: string;
  let trademarkId: string;
  let copyrightId: string;
  const upload = async (token: string, fileName: string) =>
    (await t.ok(UPLOAD, { i: { fileName, contentType: 'application/pdf', contentBase64: Buffer.from(`%PDF-1.4 ${fileName}`).toString('base64') } }, token)).uploadEvidenceFile.id;
  const listing = (n: number) => ({ url: `https://item.taobao.com/item.htm?id=${880_000 + n}` });

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    analyst = await t.login(DEMO_USERS.memberAnalyst, DEMO_PASSWORD);
    const brands = await t.sql(
      `SELECT b.id, (SELECT t.id FROM trademark t WHERE t.brand_id = b.id AND t.verification_status = 'VERIFIED' AND (t.expires_on IS NULL OR t.expires_on > now()) LIMIT 1) AS trademark
         FROM app_user u JOIN brand b ON b.organisation_id = u.organisation_id WHERE u.email = $1 ORDER BY b.name`,
      [DEMO_USERS.memberAdmin],
    );
    const withMark = brands.find((b) => b.trademark)!;
    brandId = toGlobalId('Brand', withMark.id);
    trademarkId = toGlobalId('Trademark', withMark.trademark);
    secondBrandId = toGlobalId('Brand', brands.find((b) => b.id !== withMark.id)!.id);
    const [org] = await t.sql(
      `SELECT o.id, o.alliance_id FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE o.kind = 'AUTHORISED_AGENT' AND m.status = 'ACTIVE' LIMIT 1`,
    );
    agentOrgId = toGlobalId('Organisation', org.id);
    agent = await userFor(t, org.alliance_id, org.id, Role.MEMBER_ADMIN, 'filer@agent.test');
  });
  afterAll(() => t.close());

  it('registers a copyright with its certificate, pending until a coordinator verifies it', async () => {
    const certificate = await upload(admin, 'copyright-certificate.pdf');
    const { addIpRight } = await t.ok(ADD, {
      i: { brandId, kind: 'COPYRIGHT', office: 'CPCC', number: '2024-F-00123456', title: 'Aurora product photographs', holder: 'Zhenlan Electronics', classes: ['Photography'], territories: ['CN'], registeredOn: '2024-03-01', certificateFileId: certificate },
    }, admin);
    copyrightId = addIpRight.id;
    expect(addIpRight).toMatchObject({ kind: 'COPYRIGHT', office: 'CPCC', verificationStatus: 'PENDING', certificate: { id: certificate }, territories: ['CN'] });
    const { node } = await t.ok(`query($id: ID!) { node(id: $id) { ... on Brand { ipRights { id kind } } } }`, { id: brandId }, analyst);
    expect(node.ipRights).toEqual([{ id: copyrightId, kind: 'COPYRIGHT' }]);
  });

  it('refuses bad rights with the field at fault', async () => {
    const base = { brandId, kind: 'DESIGN', office: 'EUIPO', number: '008812345-0001', holder: 'Zhenlan Electronics' };
    expect(errorOf(await t.gql(ADD, { i: base }, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(ADD, { i: { ...base, kind: 'COPYRIGHT', office: 'cpcc', number: '2024-f-00123456' } }, admin))).toMatchObject({ code: 'CONFLICT', field: 'number' });
    expect(errorOf(await t.gql(ADD, { i: { ...base, registeredOn: '2024-01-01', expiresOn: '2023-01-01' } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresOn' });
    expect(errorOf(await t.gql(ADD, { i: { ...base, territories: ['china'] } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'territories' });
    const theirs = await upload(agent, 'not-yours.pdf');
    expect(errorOf(await t.gql(ADD, { i: { ...base, certificateFileId: theirs } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'certificateFileId' });
    expect(errorOf(await t.gql(ADD, { i: { ...base, kind: 'TRADEMARK' } }, admin))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('lets a takedown cite the copyright only once verified, and only for a copyright reason', async () => {
    const file = (i: Record<string, unknown>, token = admin) => t.gql(FILE, { i: { brandId, reason: 'COPYRIGHT_INFRINGEMENT', listings: [listing(1)], ...i } }, token);
    expect(errorOf(await file({ ipRightId: copyrightId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ipRightId' });
    expect(errorOf(await t.gql(`mutation($i: ReviewIpRightInput!) { verifyIpRight(input: $i) { id } }`, { i: { id: copyrightId } }, admin)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(`mutation($i: ReviewIpRightInput!) { rejectIpRight(input: $i) { id } }`, { i: { id: copyrightId } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    const verified = await t.ok(`mutation($i: ReviewIpRightInput!) { verifyIpRight(input: $i) { verificationStatus } }`, { i: { id: copyrightId } }, coordinator);
    expect(verified.verifyIpRight.verificationStatus).toBe('VERIFIED');
    expect(errorOf(await t.gql(`mutation($i: ReviewIpRightInput!) { rejectIpRight(input: $i) { id } }`, { i: { id: copyrightId, note: 'late' } }, coordinator)).code).toBe('CONFLICT');

    expect(errorOf(await file({ ipRightId: copyrightId, reason: 'COUNTERFEIT' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(errorOf(await file({ ipRightId: copyrightId, trademarkId }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trademarkId' });
    expect(errorOf(await file({}))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'trademarkId' });
    const filed = (await t.ok(FILE, { i: { brandId, reason: 'COPYRIGHT_INFRINGEMENT', ipRightId: copyrightId, listings: [listing(2)] } }, admin)).fileTakedown;
    expect(filed).toMatchObject({ status: 'SUBMITTED', trademark: null, ipRight: { kind: 'COPYRIGHT', number: '2024-F-00123456' }, agent: null });
  });

  it('lets an agent file only within a current authorisation from the brand’s owner, for the owner', async () => {
    const file = (i: Record<string, unknown> = {}) => t.gql(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(10)], ...i } }, agent);
    expect(errorOf(await file())).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });

    const letter = await upload(admin, 'authorisation-letter.pdf');
    const authorise = (i: Record<string, unknown>, token = admin) => t.gql(AUTHORISE, { i: { agentOrganisationId: agentOrgId, brandIds: [brandId], expiresOn: '2030-12-31', letterFileId: letter, ...i } }, token);
    expect(errorOf(await authorise({}, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await authorise({ expiresOn: '2020-01-01' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresOn' });
    const [owner] = await t.sql(`SELECT organisation_id FROM app_user WHERE email = $1`, [DEMO_USERS.memberAdmin]);
    const [notAgent] = await t.sql(`SELECT o.id FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE o.kind = 'BRAND_OWNER' AND m.status = 'ACTIVE' AND o.id <> $1 LIMIT 1`, [owner.organisation_id]);
    expect(errorOf(await authorise({ agentOrganisationId: toGlobalId('Organisation', notAgent.id) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agentOrganisationId' });
    expect(errorOf(await authorise({ brandIds: [toGlobalId('Brand', '00000000-0000-4000-8000-000000000000')] }))).toMatchObject({ code: 'NOT_FOUND', field: 'brandIds.0' });
    const granted = (await authorise({})).data!.authoriseAgent;
    expect(granted).toMatchObject({ status: 'ACTIVE', expiresOn: '2030-12-31', brands: [{ name: expect.any(String) }] });

    const filed = (await t.ok(FILE, { i: { brandId, trademarkId, reason: 'COUNTERFEIT', listings: [listing(11)] } }, agent)).fileTakedown;
    expect(filed.agent.name).toBe(granted.agent.name);
    expect(filed.organisation.name).toBe(granted.principal.name);
    // the rights holder sees what its agent filed for it
    const mine = (await t.ok(`{ takedownRequests(first: 100) { edges { node { id agent { name } } } } }`, {}, admin)).takedownRequests.edges.map((e: any) => e.node.id);
    expect(mine).toContain(filed.id);
    // only the brands named, and only while it stands
    expect(errorOf(await file({ brandId: secondBrandId }))).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
    expect((await t.ok(`{ agentAuthorisations { id } }`, {}, agent)).agentAuthorisations).toEqual([{ id: granted.id }]);
    const revoked = await t.ok(`mutation($id: ID!) { revokeAgentAuthorisation(id: $id) { status revokedAt } }`, { id: granted.id }, admin);
    expect(revoked.revokeAgentAuthorisation.status).toBe('REVOKED');
    expect(errorOf(await file({ listings: [listing(12)] }))).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
    expect(errorOf(await t.gql(`mutation($id: ID!) { revokeAgentAuthorisation(id: $id) { status } }`, { id: granted.id }, agent)).code).toBe('FORBIDDEN');
  });
});
