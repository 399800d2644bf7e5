import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ImportService } from '../../apps/api/src/intel-exchange/import.service.js';
import { intelPeople, publish, report } from '../factories/intel.factory.js';
import { TestApp } from '../support/test-app.js';

const AUDIT = `query($after: String, $type: String) { auditEvents(first: 100, after: $after, filter: { targetType: $type }) { pageInfo { hasNextPage endCursor } edges { node { action targetType before after } } } }`;
const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';

describe('the audit log keeps ids and changed field names of intelligence, never its content', () => {
  let t: TestApp;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  beforeAll(async () => {
    t = await TestApp.startWithDemo({ IMPORT_WORKER: false }, { intel: false });
    p = await intelPeople(t);
  });
  afterAll(() => t.close());

  /** Every audit event the coordinator can read, as JSON. */
  async function everything(type?: string): Promise<{ action: string; before: any; after: any }[]> {
    const out = [];
    let after: string | null = null;
    do {
      const page: any = (await t.ok(AUDIT, { after, type }, p.coordinator)).auditEvents;
      out.push(...page.edges.map((e: any) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return out;
  }

  it("no RED report's title, summary, indicator or sighting note in any event a coordinator reads; the events say what changed", async () => {
    const secrets = ['Hidden Harbour Depot', 'moves cartons every Tuesday', 'secret-depot@red-only.example', 'Amended Harbour Depot', 'seen at the back gate', 'Imported Red Warehouse', 'imported@red-only.example', 'left under protest'];
    const red = await publish(t, p.a, secrets[0], [{ type: 'EMAIL', value: secrets[2] }], { sharingLevel: 'RED', summary: secrets[1] });
    await t.ok(`mutation($i: ReportSightingInput!) { reportSighting(input: $i) { seenAt } }`, { i: { indicatorId: red.indicators[0].id, note: secrets[4] } }, p.a);
    await t.ok(`mutation($i: UpdateReportInput!) { updateReport(input: $i) { id version } }`, {
      i: { reportId: red.id, ...report(secrets[3], [{ type: 'EMAIL', value: secrets[2] }], { sharingLevel: 'RED', summary: secrets[1] }), publish: undefined },
    }, p.a);
    const csv = [HEADER, `red-1,${secrets[5]},ONLINE_SELLER,RED,60,CN,,,EMAIL,${secrets[6]},,`].join('\n') + '\n';
    await t.ok(`mutation($i: StartImportInput!) { startImport(input: $i) { id } }`, { i: { format: 'CSV', fileName: 'red.csv', contentBase64: Buffer.from(csv).toString('base64') } }, p.a);
    await t.get(ImportService).kick();
    await t.ok(`mutation($i: RetractReportInput!) { retractReport(input: $i) { id } }`, { i: { reportId: red.id, reason: secrets[7] } }, p.a);

    const events = await everything();
    const text = JSON.stringify(events);
    for (const secret of secrets) expect(text).not.toContain(secret);

    const reports = await everything('IntelReport');
    const byAction = (action: string) => reports.filter((e) => e.action === action);
    expect(byAction('intel_report.published')).toHaveLength(2); // created, imported
    for (const e of byAction('intel_report.published')) expect(e.after).toMatchObject({ status: 'PUBLISHED', sharingLevel: 'RED', changed: expect.arrayContaining(['title', 'kind']), indicators: 1 });
    const [amended] = byAction('intel_report.amended');
    expect(amended.before).toMatchObject({ status: 'PUBLISHED', sharingLevel: 'RED', version: 1 });
    expect(amended.after).toMatchObject({ version: 2, changed: expect.arrayContaining(['title', 'version']), indicators: 1 });
    expect(amended.after.changed).not.toContain('summary'); // unchanged
    const [retracted] = byAction('intel_report.retracted');
    expect(retracted.after).toMatchObject({ status: 'RETRACTED', changed: expect.arrayContaining(['status', 'retractionReason', 'retractedAt']) });
    const [sighted] = events.filter((e) => e.action === 'indicator.sighted');
    expect(sighted.after.changed).toEqual(['note', 'seenAt']);
  });

  it('does not tell coordinators who answered a contact request: the holder stays unknown to them', async () => {
    await publish(t, p.a, 'Holder only', [{ type: 'PHONE', value: '+8613911112222' }], { sharingLevel: 'RED' });
    const requested = (await t.ok(`mutation($i: RequestContactInput!) { requestContact(input: $i) { id } }`, { i: { type: 'PHONE', value: '+8613911112222', message: 'Seen behind fake listings' } }, p.b)).requestContact;
    await t.ok(`mutation($i: ReviewContactRequestInput!) { reviewContactRequest(input: $i) { status } }`, { i: { requestId: requested.id, approve: true } }, p.coordinator);
    await t.ok(`mutation($i: AnswerContactRequestInput!) { answerContactRequest(input: $i) { id } }`, { i: { requestId: requested.id, accept: true } }, p.a);
    const holder = (await t.ok(`{ viewer { user { id } } }`, {}, p.a)).viewer.user.id;
    const events = (await t.ok(`{ auditEvents(first: 100, filter: { targetType: "ContactRequest" }) { edges { node { action actorId } } } }`, {}, p.coordinator)).auditEvents.edges.map((e: any) => e.node);
    const accepted = events.find((e: any) => e.action === 'contact_request.accepted');
    expect(accepted).toEqual({ action: 'contact_request.accepted', actorId: null });
    expect(JSON.stringify(events)).not.toContain(holder);
    const byHolder = (await t.ok(`query($a: ID!) { auditEvents(first: 100, filter: { actorId: $a }) { edges { node { action } } } }`, { a: holder }, p.coordinator)).auditEvents.edges.map((e: any) => e.node.action);
    expect(byHolder).not.toContain('contact_request.accepted');
    // the record keeps who it was
    const [row] = await t.sql(`SELECT actor_id, actor_sealed FROM audit_event WHERE action = 'contact_request.accepted'`);
    expect(row.actor_sealed).toBe(true);
    expect(row.actor_id).not.toBeNull();
  });

  it("keeps a RED report's evidence file from coordinators (node and download), while its organisation opens it and a GREEN report's evidence stays open to them", async () => {
    const PDF = Buffer.from('%PDF-1.7 invoice of the factory');
    const upload = async () => (await t.ok(`mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`, { i: { fileName: 'invoice.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') } }, p.a)).uploadEvidenceFile.id;
    const [redFile, greenFile] = [await upload(), await upload()];
    await publish(t, p.a, 'Red with evidence', [{ type: 'EMAIL', value: 'evidence@red-file.example' }], { sharingLevel: 'RED', evidenceFileIds: [redFile] });
    await publish(t, p.a, 'Green with evidence', [{ type: 'EMAIL', value: 'evidence@green-file.example' }], { sharingLevel: 'GREEN', evidenceFileIds: [greenFile] });
    const FILE = `query($id: ID!) { node(id: $id) { ... on EvidenceFile { fileName } } }`;
    const download = (id: string, token: string) => t.http().get(`/files/${id}`).set('authorization', `Bearer ${token}`);
    expect((await t.ok(FILE, { id: redFile }, p.coordinator)).node).toBeNull();
    expect((await download(redFile, p.coordinator)).status).toBe(404);
    expect((await t.ok(FILE, { id: redFile }, p.a)).node).toEqual({ fileName: 'invoice.pdf' });
    expect((await download(redFile, p.a)).status).toBe(200);
    expect((await t.ok(FILE, { id: greenFile }, p.coordinator)).node).toEqual({ fileName: 'invoice.pdf' });
    expect((await download(greenFile, p.coordinator)).status).toBe(200);
  });

  it("lists a network's events caused by reports only to those who may see one of the reports: a RED report joining does not show as a change to others", async () => {
    const green = await publish(t, p.b, 'Seen by all', [{ type: 'PHONE', value: '+8613933334444' }], { sharingLevel: 'GREEN' });
    await publish(t, p.a, 'Seen by its owner', [{ type: 'PHONE', value: '+8613933334444' }], { sharingLevel: 'RED' });
    const EVENTS = `query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { events { kind cause } } } }`;
    const kinds = async (token: string) => (await t.ok(EVENTS, { id: green.network.id }, token)).node.events.map((e: any) => e.kind);
    expect(await kinds(p.a)).toEqual(['CREATED', 'GREW']);
    expect(await kinds(p.b)).toEqual(['CREATED']);
    expect(await kinds(p.coordinator)).toEqual(['CREATED']);
  });
});
