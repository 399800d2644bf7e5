import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGlobalId, toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { JobsService } from '../../apps/api/src/jobs/jobs.service.js';
import { MATCH_QUEUE } from '../../apps/api/src/monitoring/listing-matcher.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { publish } from '../factories/intel.factory.js';
import { citableRightOf } from '../factories/takedown.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

// Issue 17, outcome 4: enforcement cases — the lifecycle along its one transition table, partner
// visibility of referred cases and their evidence, outcomes validation, referral candidates.
const CASE_FIELDS = `id title status availableActions referral { agency jurisdiction reference partnership { id } }
  outcomes { arrests unitsSeized sitesClosed { manufacturing warehouse distribution retail total } valueSeized { amountMinor currency amount } }
  leadOrganisation { name } participants { name } targets { position kind name } brands { id } networks { id } reports { id } takedowns { id }
  history { fromStatus toStatus action actorKind note } actions { kind occurredOn summary } courtResults { court result sentenceMonths fine { amountMinor currency } }
  evidence { id fileName }`;
const OPEN = `mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { ${CASE_FIELDS} } }`;
const MOVE = `mutation($i: MoveEnforcementCaseInput!) { moveEnforcementCase(input: $i) { ${CASE_FIELDS} } }`;
const GET = `query($id: ID!) { enforcementCase(id: $id) { ${CASE_FIELDS} } }`;
const LIST = `query($s: EnforcementCaseStatus) { enforcementCases(first: 50, status: $s) { totalCount edges { node { id title status } } } }`;
const OUTCOMES = `mutation($i: RecordEnforcementOutcomesInput!) { recordEnforcementOutcomes(input: $i) { id outcomes { arrests unitsSeized sitesClosed { total warehouse } valueSeized { amountMinor currency amount } } } }`;
const LOG = `mutation($i: LogEnforcementActionInput!) { logEnforcementAction(input: $i) { id kind occurredOn } }`;
const COURT = `mutation($i: AddCourtResultInput!) { addCourtResult(input: $i) { id result fine { amountMinor currency amount } } }`;
const ATTACH = `mutation($i: AttachCaseEvidenceInput!) { attachCaseEvidence(input: $i) { id evidence { id } } }`;
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`;
const CANDIDATES = `{ referralCandidates { thresholds { minReports minMembers minBrands minUpheldTakedowns minRecentReports recentDays }
  candidates { network { id } openCases figures { reports members brands upheldTakedowns recentReports } } } }`;
const THRESHOLDS = `mutation($i: ReferralThresholdsInput!) { setReferralThresholds(input: $i) { minReports minUpheldTakedowns } }`;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7]);
const today = () => new Date().toISOString().slice(0, 10);
const uuid = (id: string) => parseGlobalId(id)!.uuid;

describe('enforcement cases', () => {
  let t: TestApp;
  let coordinator: string;
  let lead: string; // Zhenlan's admin: Zhenlan leads the cases below
  let participant: string; // Harrowgate's admin: takes part
  let outsider: string; // Copperline's admin: not in the cases
  let copperlineAnalyst: string;
  let police: string; // the demo's law-enforcement partner (cases:read)
  let otherPolice: string; // another law-enforcement partner's API key
  let foreignCoordinator: string; // another alliance
  let policeId: string;
  const org: Record<string, string> = {};
  let brand: { brandId: string; trademarkId: string };
  let harrowgateBrandId: string;
  let network1: string;
  let network2: string;
  let report1: string;
  let takedownId: string;

  const orgOf = async (email: string) => (await t.sql(`SELECT organisation_id AS id FROM app_user WHERE email = $1`, [email]))[0].id as string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    lead = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    participant = await t.login('admin@harrowgate.demo.countermark.test', DEMO_PASSWORD);
    outsider = await t.login('admin@copperline.demo.countermark.test', DEMO_PASSWORD);
    copperlineAnalyst = await t.login('analyst@copperline.demo.countermark.test', DEMO_PASSWORD);
    police = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    for (const [name, email] of [['zhenlan', DEMO_USERS.memberAdmin], ['harrowgate', 'admin@harrowgate.demo.countermark.test'], ['copperline', 'admin@copperline.demo.countermark.test']]) {
      org[name] = toGlobalId('Organisation', await orgOf(email));
    }
    const partners = (await t.ok(`{ partners(first: 20) { edges { node { id kind scopes } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    policeId = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT').id;
    const other = (await t.ok(`mutation($i: CreatePartnerInput!) { createPartner(input: $i) { id } }`, { i: { name: 'Riverside Customs Bureau', kind: 'LAW_ENFORCEMENT', country: 'CN', scopes: ['cases:read', 'intel:read', 'directory:read'] } }, coordinator)).createPartner;
    otherPolice = (await t.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: other.id, name: 'customs', scopes: ['cases:read', 'intel:read', 'directory:read'] } }, coordinator)).createApiKey.secret;
    foreignCoordinator = (await allianceWithCoordinator(t, 'enforcement-other')).token;

    brand = await citableRightOf(t, DEMO_USERS.memberAdmin);
    const [h] = await t.sql(`SELECT b.id FROM brand b WHERE b.organisation_id = $1 ORDER BY b.name LIMIT 1`, [await orgOf('admin@harrowgate.demo.countermark.test')]);
    harrowgateBrandId = toGlobalId('Brand', h.id);

    // Network 1: three reports the coordinator sees (two of Zhenlan's, one of Harrowgate's) on two
    // brands and one store, and a RED report of Copperline's that nobody else sees. Network 2: two
    // reports of Zhenlan's alone, without brands.
    const phone = { type: 'PHONE', value: '+86 138 0013 8000' };
    const r1 = await publish(t, lead, 'Factory outlet store', [phone, { type: 'MARKETPLACE_STORE', value: '5550001', qualifier: 'taobao' }], { sharingLevel: 'GREEN', brandIds: [brand.brandId] });
    report1 = r1.id;
    await publish(t, participant, 'Same phone on our listings', [phone], { sharingLevel: 'GREEN', brandIds: [harrowgateBrandId] });
    await publish(t, lead, 'Second shop, same phone', [phone], { sharingLevel: 'AMBER', brandIds: [brand.brandId] });
    await publish(t, copperlineAnalyst, 'Our own lead (RED)', [phone], { sharingLevel: 'RED' });
    const r4 = await publish(t, lead, 'Mail-order seller', [{ type: 'EMAIL', value: 'orders@knockoff-mail.example' }], { sharingLevel: 'GREEN' });
    await publish(t, lead, 'Mail-order seller again', [{ type: 'EMAIL', value: 'orders@knockoff-mail.example' }], { sharingLevel: 'GREEN' });
    network1 = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { network { id } } } }`, { id: r1.id }, lead)).node.network.id;
    network2 = (await t.ok(`query($id: ID!) { node(id: $id) { ... on IntelReport { network { id } } } }`, { id: r4.id }, lead)).node.network.id;

    // One upheld takedown that removed a listing of the network's store (Taobao: the coordinators decide)
    const filed = (await t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
      i: { brandId: brand.brandId, trademarkId: brand.trademarkId, reason: 'COUNTERFEIT', channel: 'PORTAL', listings: [{ url: 'https://item.taobao.com/item.htm?id=640000000001', storeId: '5550001' }] },
    }, lead)).fileTakedown;
    takedownId = filed.id;
    const act = `mutation($i: ActOnTakedownInput!) { actOnTakedown(input: $i) { status } }`;
    await t.ok(act, { i: { id: filed.id, action: 'ACCEPT', listingOutcomes: [{ position: 1, outcome: 'REMOVED' }] } }, coordinator);
    await t.ok(act, { i: { id: filed.id, action: 'COUNTER_NOTICE', note: 'The seller says the goods are genuine' } }, coordinator);
    expect((await t.ok(act, { i: { id: filed.id, action: 'UPHOLD', note: 'No licence shown' } }, coordinator)).actOnTakedown.status).toBe('UPHELD');
  });
  afterAll(() => t.close());

  async function openCase(token: string, extra: Record<string, unknown> = {}) {
    return (await t.ok(OPEN, { i: { title: 'Guangzhou factory behind the outlet stores', leadOrganisationId: org.zhenlan, ...extra } }, token)).openEnforcementCase;
  }

  describe('opening', () => {
    it('opens a case from a network, a report and a takedown the member sees, with targets, brands and members', async () => {
      const c = await openCase(lead, {
        summary: 'Three stores, one phone, one factory',
        participantOrganisationIds: [org.harrowgate],
        targets: [{ kind: 'COMPANY', name: 'Guangzhou Bright Leather Co.' }, { kind: 'ADDRESS', name: '12 Baiyun Road, Guangzhou' }, { kind: 'PERSON', name: 'Li Wei' }, { kind: 'SITE', name: 'Warehouse behind the market', detail: 'unit 4' }],
        brandIds: [brand.brandId, harrowgateBrandId],
        networkIds: [network1], reportIds: [report1], takedownIds: [takedownId],
      });
      expect(c).toMatchObject({
        status: 'OPEN', availableActions: ['DROP'], referral: null, leadOrganisation: { name: expect.stringContaining('Zhenlan') }, participants: [{ name: expect.stringContaining('Harrowgate') }],
        networks: [{ id: network1 }], reports: [{ id: report1 }], takedowns: [{ id: takedownId }],
        history: [{ fromStatus: null, toStatus: 'OPEN', action: 'OPEN', actorKind: 'LEAD', note: null }],
        outcomes: { arrests: 0, unitsSeized: 0, valueSeized: null, sitesClosed: { total: 0 } },
      });
      expect(c.targets.map((x: any) => [x.position, x.kind])).toEqual([[1, 'COMPANY'], [2, 'ADDRESS'], [3, 'PERSON'], [4, 'SITE']]);
      expect(c.brands).toHaveLength(2);
      const [audit] = await t.sql(`SELECT action FROM audit_event WHERE target_type = 'EnforcementCase' AND target_id = $1`, [uuid(c.id)]);
      expect(audit.action).toBe('enforcement.case_opened');
    });

    it('refuses links the opener may not see, as if they did not exist, and opens nothing', async () => {
      const [{ count: before }] = await t.sql(`SELECT count(*)::int AS count FROM enforcement_case`);
      // Copperline's RED report: its organisation's alone
      const [red] = await t.sql(`SELECT id FROM intel_report WHERE sharing_level = 'RED' LIMIT 1`);
      const hidden = await t.gql(OPEN, { i: { title: 'x', reportIds: [toGlobalId('IntelReport', red.id)] } }, lead);
      expect(errorOf(hidden)).toMatchObject({ code: 'NOT_FOUND', field: 'reportIds' });
      const missing = await t.gql(OPEN, { i: { title: 'x', reportIds: [toGlobalId('IntelReport', '00000000-0000-4000-8000-000000000001')] } }, lead);
      expect(errorOf(missing)).toMatchObject({ code: 'NOT_FOUND', field: 'reportIds' });
      expect(errorOf(missing).message).toBe(errorOf(hidden).message);
      // Zhenlan's takedown: Copperline does not see it
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x', takedownIds: [takedownId] } }, outsider))).toMatchObject({ code: 'NOT_FOUND', field: 'takedownIds' });
      // the police partner opens nothing
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x' } }, police)).code).toBe('FORBIDDEN');
      // a member leads its own cases
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x', leadOrganisationId: org.harrowgate } }, lead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leadOrganisationId' });
      const [{ count: after }] = await t.sql(`SELECT count(*)::int AS count FROM enforcement_case`);
      expect(after).toBe(before);
    });
  });

  describe('lifecycle', () => {
    it('walks OPEN → REFERRED → ACTION_TAKEN → PROSECUTION → CLOSED, recording each step', async () => {
      const c = await openCase(coordinator);
      const referred = (await t.ok(MOVE, { i: { id: c.id, action: 'REFER', note: 'Handed over at the Tuesday meeting', referral: { partnershipId: policeId, agency: 'Haizhou PSB Economic Crimes Unit', jurisdiction: 'cn-gd', reference: 'HZ-2026-0412' } } }, coordinator)).moveEnforcementCase;
      expect(referred).toMatchObject({ status: 'REFERRED', referral: { agency: 'Haizhou PSB Economic Crimes Unit', jurisdiction: 'CN-GD', reference: 'HZ-2026-0412', partnership: { id: policeId } } });
      const acted = (await t.ok(MOVE, { i: { id: c.id, action: 'RECORD_ACTION' } }, lead)).moveEnforcementCase;
      expect(acted).toMatchObject({ status: 'ACTION_TAKEN', availableActions: ['PROSECUTE', 'CLOSE', 'DROP'] });
      expect((await t.ok(MOVE, { i: { id: c.id, action: 'PROSECUTE' } }, lead)).moveEnforcementCase.status).toBe('PROSECUTION');
      const closed = (await t.ok(MOVE, { i: { id: c.id, action: 'CLOSE', note: 'Sentenced' } }, coordinator)).moveEnforcementCase;
      expect(closed).toMatchObject({ status: 'CLOSED', availableActions: [] });
      expect(closed.history.map((h: any) => [h.fromStatus, h.toStatus, h.action, h.actorKind])).toEqual([
        [null, 'OPEN', 'OPEN', 'COORDINATOR'],
        ['OPEN', 'REFERRED', 'REFER', 'COORDINATOR'],
        ['REFERRED', 'ACTION_TAKEN', 'RECORD_ACTION', 'LEAD'],
        ['ACTION_TAKEN', 'PROSECUTION', 'PROSECUTE', 'LEAD'],
        ['PROSECUTION', 'CLOSED', 'CLOSE', 'COORDINATOR'],
      ]);
      const audit = await t.sql(`SELECT action FROM audit_event WHERE target_type = 'EnforcementCase' AND target_id = $1 ORDER BY id`, [uuid(c.id)]);
      expect(audit.map((a: any) => a.action)).toEqual(['enforcement.case_opened', 'enforcement.refer', 'enforcement.record_action', 'enforcement.prosecute', 'enforcement.close']);
    });

    it('closes after action without prosecution, and drops from every status that is not final', async () => {
      const c = await openCase(coordinator);
      await t.ok(MOVE, { i: { id: c.id, action: 'REFER', referral: { partnershipId: policeId, agency: 'PSB', jurisdiction: 'CN' } } }, coordinator);
      await t.ok(MOVE, { i: { id: c.id, action: 'RECORD_ACTION' } }, coordinator);
      expect((await t.ok(MOVE, { i: { id: c.id, action: 'CLOSE' } }, lead)).moveEnforcementCase.status).toBe('CLOSED');
      for (const steps of [[], ['REFER'], ['REFER', 'RECORD_ACTION'], ['REFER', 'RECORD_ACTION', 'PROSECUTE']]) {
        const d = await openCase(lead);
        for (const action of steps) {
          await t.ok(MOVE, { i: { id: d.id, action, ...(action === 'REFER' ? { referral: { partnershipId: policeId, agency: 'PSB', jurisdiction: 'CN' } } : {}) } }, coordinator);
        }
        expect((await t.ok(MOVE, { i: { id: d.id, action: 'DROP', note: 'Target vanished' } }, lead)).moveEnforcementCase.status).toBe('DROPPED');
        expect(errorOf(await t.gql(MOVE, { i: { id: d.id, action: 'DROP' } }, coordinator))).toMatchObject({ code: 'CONFLICT', field: 'action', message: 'A DROPPED case is final' });
      }
    });

    it('refuses transitions the table does not allow, naming what is possible, and changes nothing', async () => {
      const c = await openCase(lead);
      const skip = await t.gql(MOVE, { i: { id: c.id, action: 'PROSECUTE' } }, coordinator);
      expect(errorOf(skip)).toMatchObject({ code: 'CONFLICT', field: 'action', status: 'OPEN', allowed: ['REFER', 'DROP'] });
      // only coordinators refer
      expect(errorOf(await t.gql(MOVE, { i: { id: c.id, action: 'REFER', referral: { partnershipId: policeId, agency: 'PSB', jurisdiction: 'CN' } } }, lead))).toMatchObject({ code: 'CONFLICT', field: 'action', allowed: ['DROP'] });
      // a referral needs its partner, and only a law-enforcement one
      expect(errorOf(await t.gql(MOVE, { i: { id: c.id, action: 'REFER' } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'referral' });
      const [academia] = (await t.ok(`{ partners(first: 20) { edges { node { id kind } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node).filter((p: any) => p.kind !== 'LAW_ENFORCEMENT');
      expect(errorOf(await t.gql(MOVE, { i: { id: c.id, action: 'REFER', referral: { partnershipId: academia.id, agency: 'x', jurisdiction: 'CN' } } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'referral.partnershipId' });
      expect(errorOf(await t.gql(MOVE, { i: { id: c.id, action: 'DROP', referral: { partnershipId: policeId, agency: 'x', jurisdiction: 'CN' } } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'referral' });
      // participants and others do not move a case
      await t.ok(`mutation($i: LinkEnforcementCaseInput!) { linkEnforcementCase(input: $i) { id } }`, { i: { caseId: c.id, networkIds: [network2] } }, lead);
      expect((await t.ok(GET, { id: c.id }, lead)).enforcementCase).toMatchObject({ status: 'OPEN', history: [{ action: 'OPEN' }], networks: [{ id: network2 }] });
    });

    it('lets exactly one of two concurrent moves win', async () => {
      const c = await openCase(coordinator);
      const results = await Promise.all([
        t.gql(MOVE, { i: { id: c.id, action: 'DROP', note: 'a' } }, coordinator),
        t.gql(MOVE, { i: { id: c.id, action: 'REFER', referral: { partnershipId: policeId, agency: 'PSB', jurisdiction: 'CN' } } }, coordinator),
      ]);
      const won = results.filter((r) => !r.errors);
      expect(won).toHaveLength(1);
      expect(errorOf(results.find((r) => r.errors)!).code).toBe('CONFLICT');
      const [{ count }] = await t.sql(`SELECT count(*)::int AS count FROM enforcement_case_transition WHERE case_id = $1`, [uuid(c.id)]);
      expect(count).toBe(2); // OPEN and the one that won
    });
  });

  describe('outcomes', () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = (await openCase(lead, { participantOrganisationIds: [org.harrowgate] })).id;
    });

    it('refuses outcomes before action is taken', async () => {
      const early = await t.gql(OUTCOMES, { i: { id: caseId, arrests: 1, sitesClosed: { manufacturing: 0, warehouse: 0, distribution: 0, retail: 0 }, unitsSeized: 0 } }, lead);
      expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', status: 'OPEN' });
      await t.ok(MOVE, { i: { id: caseId, action: 'REFER', referral: { partnershipId: policeId, agency: 'Haizhou PSB', jurisdiction: 'CN' } } }, coordinator);
      await t.ok(MOVE, { i: { id: caseId, action: 'RECORD_ACTION' } }, lead);
    });

    it('records arrests, sites by kind, units and value seized in minor units', async () => {
      const data = await t.ok(OUTCOMES, { i: { id: caseId, arrests: 7, sitesClosed: { manufacturing: 1, warehouse: 2, distribution: 0, retail: 3 }, unitsSeized: 48000, valueSeized: { amountMinor: '360000000050', currency: 'cny' } } }, lead);
      expect(data.recordEnforcementOutcomes.outcomes).toEqual({ arrests: 7, unitsSeized: 48000, sitesClosed: { total: 6, warehouse: 2 }, valueSeized: { amountMinor: '360000000050', currency: 'CNY', amount: '3600000000.50' } });
      const [row] = await t.sql(`SELECT value_seized_minor::text AS v, value_seized_currency AS c FROM enforcement_case WHERE id = $1`, [uuid(caseId)]);
      expect(row).toEqual({ v: '360000000050', c: 'CNY' });
    });

    it('refuses unknown currencies, negative and absurd figures, naming the field, and changes nothing', async () => {
      const base = { id: caseId, arrests: 1, sitesClosed: { manufacturing: 0, warehouse: 0, distribution: 0, retail: 0 }, unitsSeized: 0 };
      const cases: [Record<string, unknown>, string][] = [
        [{ valueSeized: { amountMinor: '100', currency: 'XYZ' } }, 'valueSeized.currency'],
        [{ valueSeized: { amountMinor: '100', currency: 'RMB' } }, 'valueSeized.currency'],
        [{ valueSeized: { amountMinor: '-100', currency: 'CNY' } }, 'valueSeized.amountMinor'],
        [{ valueSeized: { amountMinor: '12.50', currency: 'CNY' } }, 'valueSeized.amountMinor'],
        [{ valueSeized: { amountMinor: '9000000000000000', currency: 'CNY' } }, 'valueSeized.amountMinor'],
        [{ arrests: -3 }, 'arrests'],
        [{ arrests: 50000 }, 'arrests'],
        [{ sitesClosed: { manufacturing: 0, warehouse: -1, distribution: 0, retail: 0 } }, 'sitesClosed.warehouse'],
        [{ unitsSeized: 2000000000 }, 'unitsSeized'],
      ];
      for (const [change, field] of cases) {
        const res = await t.gql(OUTCOMES, { i: { ...base, ...change } }, lead);
        expect({ field, error: errorOf(res) }).toMatchObject({ field, error: { code: 'BAD_USER_INPUT', field } });
      }
      expect((await t.ok(GET, { id: caseId }, lead)).enforcementCase.outcomes).toMatchObject({ arrests: 7, valueSeized: { amountMinor: '360000000050' } });
    });

    it('keeps a dated log of actions and court results, and refuses them out of place', async () => {
      expect((await t.ok(LOG, { i: { caseId, kind: 'TEST_BUY', occurredOn: '2026-03-02', summary: 'Bought two bags from store 5550001' } }, participant)).logEnforcementAction).toMatchObject({ kind: 'TEST_BUY', occurredOn: '2026-03-02' });
      await t.ok(LOG, { i: { caseId, kind: 'RAID', occurredOn: today(), summary: 'Warehouse raided with the PSB' } }, lead);
      expect(errorOf(await t.gql(LOG, { i: { caseId, kind: 'RAID', occurredOn: '2999-01-01', summary: 'x' } }, lead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredOn' });
      expect(errorOf(await t.gql(LOG, { i: { caseId, kind: 'RAID', occurredOn: '2026-02-30', summary: 'x' } }, lead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'occurredOn' });
      expect(errorOf(await t.gql(LOG, { i: { caseId, kind: 'RAID', occurredOn: today(), summary: 'x' } }, outsider)).code).toBe('NOT_FOUND');
      // court results wait for the prosecution
      const court = { caseId, decidedOn: today(), court: 'Guangzhou Baiyun District People’s Court', result: 'CONVICTION', sentenceMonths: 36, fine: { amountMinor: '50000000', currency: 'CNY' } };
      expect(errorOf(await t.gql(COURT, { i: court }, lead))).toMatchObject({ code: 'CONFLICT', status: 'ACTION_TAKEN' });
      await t.ok(MOVE, { i: { id: caseId, action: 'PROSECUTE' } }, lead);
      expect(errorOf(await t.gql(COURT, { i: { ...court, fine: { amountMinor: '1', currency: 'ABC' } } }, lead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fine.currency' });
      expect((await t.ok(COURT, { i: court }, lead)).addCourtResult).toMatchObject({ result: 'CONVICTION', fine: { amountMinor: '50000000', currency: 'CNY', amount: '500000.00' } });
      const c = (await t.ok(GET, { id: caseId }, participant)).enforcementCase;
      expect(c.actions.map((a: any) => a.kind)).toEqual(['TEST_BUY', 'RAID']);
      expect(c.courtResults).toEqual([{ court: court.court, result: 'CONVICTION', sentenceMonths: 36, fine: { amountMinor: '50000000', currency: 'CNY' } }]);
      await t.ok(MOVE, { i: { id: caseId, action: 'CLOSE' } }, coordinator);
      expect(errorOf(await t.gql(LOG, { i: { caseId, kind: 'OTHER', occurredOn: today(), summary: 'late' } }, lead))).toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('partner visibility', () => {
    let referred: string;
    let unreferred: string;
    let fileId: string;
    let otherFileId: string;

    beforeAll(async () => {
      referred = (await openCase(lead, { participantOrganisationIds: [org.harrowgate], networkIds: [network1], reportIds: [report1], takedownIds: [takedownId] })).id;
      unreferred = (await openCase(lead)).id;
      fileId = (await t.ok(UPLOAD, { i: { fileName: 'test-buy.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, lead)).uploadEvidenceFile.id;
      otherFileId = (await t.ok(UPLOAD, { i: { fileName: 'not-attached.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, lead)).uploadEvidenceFile.id;
      const attached = (await t.ok(ATTACH, { i: { caseId: referred, fileIds: [fileId] } }, lead)).attachCaseEvidence;
      expect(attached.evidence).toEqual([{ id: fileId }]);
      await t.ok(MOVE, { i: { id: referred, action: 'REFER', referral: { partnershipId: policeId, agency: 'Haizhou PSB', jurisdiction: 'CN', reference: 'HZ-1' } } }, coordinator);
    });

    it('shows the referred partner the case and its evidence, and opens the attached file to it', async () => {
      const c = (await t.ok(GET, { id: referred }, police)).enforcementCase;
      expect(c).toMatchObject({ status: 'REFERRED', referral: { reference: 'HZ-1' }, evidence: [{ id: fileId, fileName: 'test-buy.png' }], availableActions: [] });
      expect(c.reports).toEqual([{ id: report1 }]); // a GREEN report: its intelligence scopes show it
      const list = (await t.ok(LIST, {}, police)).enforcementCases;
      expect(list.edges.map((e: any) => e.node.id)).toContain(referred);
      expect(list.edges.map((e: any) => e.node.id)).not.toContain(unreferred);
      expect(list.totalCount).toBe(list.edges.length);
      expect(list.edges.length).toBeGreaterThanOrEqual(1);
      const download = await t.http().get(`/files/${fileId}`).set('authorization', `Bearer ${police}`);
      expect(download.status).toBe(200);
      // a file of the same member not attached to the case stays closed to the partner
      expect((await t.http().get(`/files/${otherFileId}`).set('authorization', `Bearer ${police}`)).status).toBe(404);
      expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: otherFileId }, police)).node).toBeNull();
    });

    it('shows the participating member the case and its evidence', async () => {
      expect((await t.ok(GET, { id: referred }, participant)).enforcementCase.evidence).toEqual([{ id: fileId, fileName: 'test-buy.png' }]);
      expect((await t.http().get(`/files/${fileId}`).set('authorization', `Bearer ${participant}`)).status).toBe(200);
    });

    it('answers NOT_FOUND to another partner, another alliance and a member not taking part — for the case and its file', async () => {
      for (const [who, token] of [['another partner', otherPolice], ['another alliance', foreignCoordinator], ['a member not taking part', outsider], ['the police, an unreferred case', police]] as const) {
        const id = who === 'the police, an unreferred case' ? unreferred : referred;
        const res = await t.gql(GET, { id }, token);
        expect({ who, error: errorOf(res) }).toMatchObject({ who, error: { code: 'NOT_FOUND', message: 'Enforcement case not found' } });
        expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, token)).node).toBeNull();
        if (who !== 'the police, an unreferred case') {
          expect((await t.http().get(`/files/${fileId}`).set('authorization', `Bearer ${token}`)).status).toBe(404);
          const listed = (await t.ok(LIST, {}, token)).enforcementCases;
          expect(listed.edges.map((e: any) => e.node.id)).not.toContain(referred);
        }
      }
      // the same answer as for a case that does not exist
      const none = await t.gql(GET, { id: toGlobalId('EnforcementCase', '00000000-0000-4000-8000-000000000002') }, otherPolice);
      expect(errorOf(none)).toMatchObject({ code: 'NOT_FOUND', message: 'Enforcement case not found' });
      expect((await t.ok(LIST, {}, otherPolice)).enforcementCases.totalCount).toBe(0);
    });

    it('answers the web client’s case list and case page, as written, to the lead, a participant, the coordinator and the referred partner', async () => {
      const sources = readdirSync('apps/web/src/enforcement').filter((f) => f.endsWith('.tsx'))
        .flatMap((f) => [...readFileSync(join('apps/web/src/enforcement', f), 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]));
      const named = (kind: 'query' | 'fragment', name: string) => sources.find((s) => new RegExp(`^\\s*${kind} ${name}\\b`).test(s))!;
      const row = named('fragment', 'EnforcementCaseRow');
      const page = [named('query', 'EnforcementCase'), named('fragment', 'EnforcementCaseDetails'), row].join('\n');
      const list = [named('query', 'EnforcementCases'), row].join('\n');
      for (const token of [lead, participant, coordinator, police]) {
        const one = await t.ok(page, { id: referred }, token);
        expect(one.enforcementCase).toMatchObject({ id: referred, status: 'REFERRED', evidence: [{ id: fileId }] });
        expect((await t.ok(list, { first: 50 }, token)).enforcementCases.edges.map((e: any) => e.node.id)).toContain(referred);
      }
    });

    it('refuses the partner every write, and an outsider attaching to a case it does not see', async () => {
      expect(errorOf(await t.gql(MOVE, { i: { id: referred, action: 'DROP' } }, police)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(ATTACH, { i: { caseId: referred, fileIds: [otherFileId] } }, police)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(ATTACH, { i: { caseId: referred, fileIds: [otherFileId] } }, outsider)).code).toBe('NOT_FOUND');
      // a member attaches only files it may open
      const copperlineFile = (await t.ok(UPLOAD, { i: { fileName: 'theirs.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, outsider)).uploadEvidenceFile.id;
      expect(errorOf(await t.gql(ATTACH, { i: { caseId: referred, fileIds: [copperlineFile] } }, participant))).toMatchObject({ code: 'NOT_FOUND', field: 'fileIds' });
    });
  });

  describe('opened from monitoring alerts', () => {
    const ALERT_FIELDS = `alerts { id score brandId listing { listingId title url } }`;
    const OPEN_ALERTS = `mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id ${ALERT_FIELDS} } }`;
    const GET_ALERTS = `query($id: ID!) { enforcementCase(id: $id) { id status ${ALERT_FIELDS} } }`;
    const cases = async () => (await t.sql(`SELECT count(*)::int AS n FROM enforcement_case`))[0].n as number;
    let zhenlanAlert: { id: string; score: number; brandId: string; listing: { listingId: string; title: string; url: string } };
    let copperlineAlert: string;

    beforeAll(async () => {
      // Each member's keyword rule on its own brand; one member's people push a listing naming both
      // (one alert each, Zhenlan's and Copperline's), and the matching job runs.
      const [copperlineBrand] = await t.sql(`SELECT b.id FROM brand b WHERE b.organisation_id = $1 ORDER BY b.name LIMIT 1`, [uuid(org.copperline)]);
      const RULE = `mutation($i: CreateMonitoringRuleInput!) { createMonitoringRule(input: $i) { id } }`;
      await t.ok(RULE, { i: { brandId: brand.brandId, kind: 'KEYWORD', name: 'Casework', terms: ['zhenlan casework'] } }, lead);
      await t.ok(RULE, { i: { brandId: toGlobalId('Brand', copperlineBrand.id), kind: 'KEYWORD', name: 'Casework', terms: ['copperline casework'] } }, outsider);
      const pushed = (await t.ok(`mutation($i: PushListingsInput!) { pushListings(input: $i) { accepted } }`, {
        i: { listings: [
          { url: 'https://item.taobao.com/item.htm?id=640000000901', title: 'Zhenlan casework handbag, factory price', storeId: '5559901', priceMinor: 9900, currency: 'CNY' },
          { url: 'https://item.taobao.com/item.htm?id=640000000902', title: 'Copperline casework kettle', storeId: '5559902' },
        ] },
      }, lead)).pushListings;
      expect(pushed.accepted).toBe(2);
      await t.get(JobsService).drain(MATCH_QUEUE);
      const mine = (await t.ok(`{ alerts(first: 100) { edges { node { id score brandId listing { listingId title url } } } } }`, {}, lead)).alerts.edges.map((e: any) => e.node);
      zhenlanAlert = mine.find((a: any) => a.listing.listingId === '640000000901');
      expect(zhenlanAlert).toBeDefined();
      expect(mine.some((a: any) => a.listing.listingId === '640000000902')).toBe(false);
      const theirs = (await t.ok(`{ alerts(first: 100) { edges { node { id listing { listingId } } } } }`, {}, outsider)).alerts.edges.map((e: any) => e.node);
      copperlineAlert = theirs.find((a: any) => a.listing.listingId === '640000000902').id;
    });

    it('opens a case from the member’s own alert, links it and shows it on the case; the alert itself is unchanged', async () => {
      const c = (await t.ok(OPEN_ALERTS, { i: { title: 'The casework handbag seller', alertIds: [zhenlanAlert.id, zhenlanAlert.id] } }, lead)).openEnforcementCase;
      expect(c.alerts).toEqual([zhenlanAlert]);
      expect((await t.ok(GET_ALERTS, { id: c.id }, lead)).enforcementCase.alerts).toEqual([zhenlanAlert]);
      expect(await t.sql(`SELECT kind, target_id FROM enforcement_case_link WHERE case_id = $1`, [uuid(c.id)])).toEqual([{ kind: 'ALERT', target_id: uuid(zhenlanAlert.id) }]);
      const [audit] = await t.sql(`SELECT after FROM audit_event WHERE target_type = 'EnforcementCase' AND target_id = $1 AND action = 'enforcement.case_opened'`, [uuid(c.id)]);
      expect(audit.after.links).toEqual([{ kind: 'ALERT', targetId: uuid(zhenlanAlert.id) }]);
      // the alert keeps its status: being in a case is no triage
      expect(await t.sql(`SELECT status FROM monitoring_alert WHERE id = $1`, [uuid(zhenlanAlert.id)])).toEqual([{ status: 'NEW' }]);
      // the lead links it to a case opened otherwise, too
      const other = await openCase(lead);
      const linked = (await t.ok(`mutation($i: LinkEnforcementCaseInput!) { linkEnforcementCase(input: $i) { id ${ALERT_FIELDS} } }`, { i: { caseId: other.id, alertIds: [zhenlanAlert.id] } }, lead)).linkEnforcementCase;
      expect(linked.alerts).toEqual([zhenlanAlert]);
    });

    it('answers NOT_FOUND (field alertIds) for another member’s alert, one that does not exist and any alert a coordinator names, and opens nothing', async () => {
      const before = await cases();
      const theirs = await t.gql(OPEN, { i: { title: 'x', alertIds: [zhenlanAlert.id, copperlineAlert] } }, lead);
      expect(errorOf(theirs)).toMatchObject({ code: 'NOT_FOUND', field: 'alertIds', message: 'Alert not found' });
      const missing = await t.gql(OPEN, { i: { title: 'x', alertIds: [toGlobalId('Alert', '00000000-0000-4000-8000-000000000003')] } }, lead);
      expect(errorOf(missing)).toMatchObject({ code: 'NOT_FOUND', field: 'alertIds', message: 'Alert not found' });
      // Copperline's people cannot open from Zhenlan's alert either
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x', alertIds: [zhenlanAlert.id] } }, outsider))).toMatchObject({ code: 'NOT_FOUND', field: 'alertIds' });
      // a coordinator reads counts of alerts, never an alert: it names none, even for the member owning it
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x', leadOrganisationId: org.zhenlan, alertIds: [zhenlanAlert.id] } }, coordinator))).toMatchObject({ code: 'NOT_FOUND', field: 'alertIds', message: 'Alert not found' });
      // not an alert's id at all
      expect(errorOf(await t.gql(OPEN, { i: { title: 'x', alertIds: [network1] } }, lead))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'alertIds' });
      expect(await cases()).toBe(before);
      // nor does a coordinator link one to an existing case
      const c = await openCase(lead);
      expect(errorOf(await t.gql(`mutation($i: LinkEnforcementCaseInput!) { linkEnforcementCase(input: $i) { id } }`, { i: { caseId: c.id, alertIds: [zhenlanAlert.id] } }, coordinator))).toMatchObject({ code: 'NOT_FOUND', field: 'alertIds' });
      expect(await t.sql(`SELECT kind FROM enforcement_case_link WHERE case_id = $1`, [uuid(c.id)])).toEqual([]);
    });

    it('shows the linked alert to the lead alone: the participant, the coordinator and the referred partner read the case without it', async () => {
      const c = (await t.ok(OPEN_ALERTS, { i: { title: 'Referred from an alert', participantOrganisationIds: [org.harrowgate], alertIds: [zhenlanAlert.id], takedownIds: [takedownId] } }, lead)).openEnforcementCase;
      await t.ok(MOVE, { i: { id: c.id, action: 'REFER', referral: { partnershipId: policeId, agency: 'Haizhou PSB', jurisdiction: 'CN' } } }, coordinator);
      expect((await t.ok(GET_ALERTS, { id: c.id }, lead)).enforcementCase.alerts).toEqual([zhenlanAlert]);
      for (const [who, token] of [['participant', participant], ['coordinator', coordinator], ['police', police]] as const) {
        const seen = (await t.ok(`query($id: ID!) { enforcementCase(id: $id) { id status ${ALERT_FIELDS} takedowns { id } } }`, { id: c.id }, token)).enforcementCase;
        expect({ who, status: seen.status, alerts: seen.alerts }).toEqual({ who, status: 'REFERRED', alerts: [] });
        expect(JSON.stringify(seen)).not.toContain(zhenlanAlert.listing.title);
        expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: zhenlanAlert.id }, token)).node).toBeNull();
      }
    });
  });

  describe('referral candidates', () => {
    it('proposes the networks above the thresholds with the figures that put them there (hand-computed)', async () => {
      await t.ok(THRESHOLDS, { i: { minReports: 3, minMembers: 2, minBrands: 2, minUpheldTakedowns: 1, minRecentReports: 3, recentDays: 30 } }, coordinator);
      const { referralCandidates } = await t.ok(CANDIDATES, {}, coordinator);
      // Network 1: reports 1, 2, 3 (Copperline's RED report is not the coordinator's to count): 3 reports
      // from Zhenlan and Harrowgate (2 members) on Zhenlan's and Harrowgate's brands (2), all published
      // today (3 recent), and one upheld takedown of its store 5550001. Network 2: 2 reports, 1 member, 0 brands.
      expect(referralCandidates.candidates).toEqual([
        { network: { id: network1 }, openCases: expect.any(Number), figures: { reports: 3, members: 2, brands: 2, upheldTakedowns: 1, recentReports: 3 } },
      ]);
      expect(referralCandidates.candidates[0].openCases).toBeGreaterThanOrEqual(1); // the cases above link it
      expect(referralCandidates.thresholds).toEqual({ minReports: 3, minMembers: 2, minBrands: 2, minUpheldTakedowns: 1, minRecentReports: 3, recentDays: 30 });
    });

    it('follows the thresholds the coordinator sets', async () => {
      await t.ok(THRESHOLDS, { i: { minReports: 3, minMembers: 2, minBrands: 2, minUpheldTakedowns: 2, minRecentReports: 0, recentDays: 30 } }, coordinator);
      expect((await t.ok(CANDIDATES, {}, coordinator)).referralCandidates.candidates).toEqual([]);
      await t.ok(THRESHOLDS, { i: { minReports: 2, minMembers: 0, minBrands: 0, minUpheldTakedowns: 0, minRecentReports: 0, recentDays: 30 } }, coordinator);
      const both = (await t.ok(CANDIDATES, {}, coordinator)).referralCandidates.candidates;
      expect(both.map((c: any) => [c.network.id, c.figures.reports, c.figures.members, c.figures.brands, c.figures.upheldTakedowns])).toEqual([[network1, 3, 2, 2, 1], [network2, 2, 1, 0, 0]]);
    });

    it('keeps candidates and thresholds to coordinators, and refuses bad thresholds', async () => {
      expect(errorOf(await t.gql(CANDIDATES, {}, lead)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(CANDIDATES, {}, police)).code).toBe('FORBIDDEN');
      expect(errorOf(await t.gql(THRESHOLDS, { i: { minReports: -1, minMembers: 0, minBrands: 0, minUpheldTakedowns: 0, minRecentReports: 0, recentDays: 30 } }, coordinator))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minReports' });
      // another alliance has the defaults and no candidates from this one
      expect((await t.ok(CANDIDATES, {}, foreignCoordinator)).referralCandidates).toMatchObject({ thresholds: { minReports: 5, recentDays: 90 }, candidates: [] });
    });
  });
});
