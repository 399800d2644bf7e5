import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import type { PackMismatch } from '../../libs/custody/src/pack.js';
import { verifyPackBlob } from '../../libs/custody/src/verify-blob.js';
import { verifyPackFile } from '../../libs/custody/src/verify-zip.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';
import { writeZip, zipEntries as entriesOf } from '../support/zip-entries.js';

// Issue 17, outcome 5: evidence files and their chain of custody — events appended for upload,
// attach, view, referral and export; an evidence pack verified by the verify script's own code,
// then tampered with (one byte of one file, one custody entry) and caught by name; callers refused.
const OPEN = `mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id } }`;
const MOVE = `mutation($i: MoveEnforcementCaseInput!) { moveEnforcementCase(input: $i) { id status } }`;
const ATTACH = `mutation($i: AttachCaseEvidenceInput!) { attachCaseEvidence(input: $i) { id } }`;
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id sha256 } }`;
const LOG = `query($id: ID!, $after: String) { enforcementCase(id: $id) { custodyLog(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { seq kind hash prevHash signature entry fileSha256 file { id } } } } } }`;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
const TEXT = Buffer.from('Test buy, 3 December: 12 handbags, receipt attached.\n');

/** A zip body as a Buffer (supertest parses only text types by itself). */
function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** The verify script's verdict, which the web client's check (the pack as a Blob) must share. */
async function verdict(path: string): Promise<PackMismatch | null> {
  const script = await verifyPackFile(path);
  const { mismatch: browser } = await verifyPackBlob(await openAsBlob(path));
  expect(browser).toEqual(script);
  return script;
}

describe('chain of custody and evidence packs', () => {
  let t: TestApp;
  let dir: string;
  let coordinator: string;
  let lead: string; // Zhenlan's admin: leads the case
  let participant: string; // Harrowgate's admin: takes part, does not lead
  let outsider: string; // Copperline's admin: not in the case
  let police: string; // the demo's law-enforcement partner
  let foreign: string; // another alliance's coordinator
  let policeId: string;
  let caseId: string;
  let photo: { id: string; sha256: string };
  let note: { id: string; sha256: string };
  let allianceId: string;

  const pack = async (token: string | null, id = caseId) => {
    const req = t.http().get(`/evidence-packs/${id}`).buffer(true).parse(binary as never);
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };
  const log = async (token: string) => (await t.ok(LOG, { id: caseId }, token)).enforcementCase.custodyLog;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({}, { intel: false });
    dir = mkdtempSync(join(tmpdir(), 'custody-e2e-'));
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    lead = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    participant = await t.login('admin@harrowgate.demo.countermark.test', DEMO_PASSWORD);
    outsider = await t.login('admin@copperline.demo.countermark.test', DEMO_PASSWORD);
    police = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    foreign = (await allianceWithCoordinator(t, 'custody-other')).token;
    const partners = (await t.ok(`{ partners(first: 20) { edges { node { id kind } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    policeId = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT').id;
    const [harrowgate] = await t.sql(`SELECT organisation_id AS id FROM app_user WHERE email = $1`, ['admin@harrowgate.demo.countermark.test']);
    [{ alliance_id: allianceId }] = await t.sql(`SELECT alliance_id FROM app_user WHERE email = $1`, [DEMO_USERS.memberAdmin]);

    photo = (await t.ok(UPLOAD, { i: { fileName: 'test-buy.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, lead)).uploadEvidenceFile;
    // another member's upload in between: in the alliance's chain, not the case's
    await t.ok(UPLOAD, { i: { fileName: 'unrelated.txt', contentType: 'text/plain', contentBase64: TEXT.toString('base64') } }, outsider);
    note = (await t.ok(UPLOAD, { i: { fileName: 'receipt notes.txt', contentType: 'text/plain', contentBase64: TEXT.toString('base64') } }, lead)).uploadEvidenceFile;
    expect((await t.http().get(`/files/${photo.id}`).set('authorization', `Bearer ${lead}`)).status).toBe(200);
    caseId = (await t.ok(OPEN, { i: { title: 'Handbag workshop, Baiyun', participantOrganisationIds: [toGlobalId('Organisation', harrowgate.id)] } }, lead)).openEnforcementCase.id;
    await t.ok(ATTACH, { i: { caseId, fileIds: [photo.id, note.id] } }, lead);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('appends collected, viewed and attached events to the case’s custody log, each linked to the previous entry', async () => {
    const l = await log(lead);
    const kinds = l.edges.map((e: any) => [e.node.kind, e.node.fileSha256]);
    expect(kinds.slice(0, 3)).toEqual([['COLLECTED', photo.sha256], ['COLLECTED', note.sha256], ['VIEWED', photo.sha256]]);
    expect(kinds.slice(3).sort()).toEqual([['ATTACHED', photo.sha256], ['ATTACHED', note.sha256]].sort());
    expect(l.totalCount).toBe(5);
    // paged, oldest first
    const PAGE = `query($id: ID!, $after: String) { enforcementCase(id: $id) { custodyLog(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { seq } } } } }`;
    const first = (await t.ok(PAGE, { id: caseId }, lead)).enforcementCase.custodyLog;
    const second = (await t.ok(PAGE, { id: caseId, after: first.pageInfo.endCursor }, lead)).enforcementCase.custodyLog;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.seq)).toEqual(l.edges.slice(0, 4).map((e: any) => e.node.seq));
    expect([first.pageInfo.hasNextPage, second.totalCount]).toEqual([true, 5]);
    // the whole alliance's chain is one line: every entry names its predecessor's hash
    const broken = await t.sql(`SELECT seq FROM (SELECT seq, prev_hash, lag(hash) OVER (ORDER BY seq) AS before FROM custody_event WHERE alliance_id = $1) x WHERE before IS NOT NULL AND prev_hash <> before`, [allianceId]);
    expect(broken).toEqual([]);
    const [entry] = l.edges.filter((e: any) => e.node.kind === 'ATTACHED').map((e: any) => JSON.parse(e.node.entry));
    expect(entry).toMatchObject({ kind: 'ATTACHED', alliance: allianceId, file: { sha256: photo.sha256, name: 'test-buy.png' } });
  });

  it('keeps the custody log append-only in the database', async () => {
    await expect(t.sql(`UPDATE custody_event SET kind = 'VIEWED' WHERE alliance_id = $1`, [allianceId])).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM custody_event WHERE alliance_id = $1`, [allianceId])).rejects.toThrow(/append-only/);
  });

  it('serialises concurrent appends: parallel uploads make one unbroken chain', async () => {
    await Promise.all(Array.from({ length: 6 }, (_, i) => t.ok(UPLOAD, { i: { fileName: `p${i}.txt`, contentType: 'text/plain', contentBase64: TEXT.toString('base64') } }, i % 2 ? lead : coordinator)));
    const rows = await t.sql(`SELECT seq::int AS seq, prev_hash, lag(hash) OVER (ORDER BY seq) AS before, lag(seq) OVER (ORDER BY seq)::int AS prev_seq FROM custody_event WHERE alliance_id = $1 ORDER BY seq`, [allianceId]);
    for (const r of rows.slice(1)) {
      expect(r.prev_hash).toBe(r.before);
      expect(r.seq).toBe(r.prev_seq + 1);
    }
  });

  it('refuses the pack and the log to whoever may not have them', async () => {
    expect((await pack(null)).status).toBe(401);
    expect((await pack(outsider)).status).toBe(404); // not taking part: as if the case did not exist
    expect((await pack(foreign)).status).toBe(404);
    expect((await pack(police)).status).toBe(404); // not referred yet
    expect((await pack(participant)).status).toBe(403); // takes part, does not lead
    expect(errorOf(await t.gql(LOG, { id: caseId }, outsider)).code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql(LOG, { id: caseId }, police)).code).toBe('NOT_FOUND');
  });

  describe('after the referral', () => {
    let good: string;

    beforeAll(async () => {
      await t.ok(MOVE, { i: { id: caseId, action: 'REFER', referral: { partnershipId: policeId, agency: 'Haizhou PSB', jurisdiction: 'CN', reference: 'HZ-9' } } }, coordinator);
      const res = await pack(police);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      good = join(dir, 'pack.zip');
      writeFileSync(good, res.body as Buffer);
    });

    it('records the hand-over and the partner’s download as custody events', async () => {
      const l = await log(police);
      const last = l.edges.slice(-2).map((e: any) => JSON.parse(e.node.entry));
      expect(last[0]).toMatchObject({ kind: 'HANDED_OVER', details: { to: { agency: 'Haizhou PSB', reference: 'HZ-9' } } });
      expect(last[0].details.files.map((f: any) => f.sha256).sort()).toEqual([photo.sha256, note.sha256].sort());
      expect(last[1]).toMatchObject({ kind: 'EXPORTED', details: { recipient: 'REFERRED_PARTNER' } });
      // the partner sees the alliance's key, the one in the pack
      const key = (await t.ok(`{ custodyPublicKey }`, {}, police)).custodyPublicKey;
      expect(key).toBe((await t.ok(`{ custodyPublicKey }`, {}, lead)).custodyPublicKey);
      const manifest = JSON.parse((await entriesOf(good)).find(([n]) => n === 'manifest.json')![1].toString());
      expect(manifest.custody.publicKey).toBe(key);
    });

    it('answers the web client’s custody log, as written, to whoever sees the case', async () => {
      const [query] = [...readFileSync('apps/web/src/evidence/CustodyLog.tsx', 'utf8').matchAll(/graphql\(`([^`]*)`\)/g)].map((m) => m[1]);
      for (const token of [lead, participant, coordinator, police]) {
        const l = (await t.ok(query, { id: caseId, first: 50 }, token)).enforcementCase.custodyLog;
        expect(l.edges.map((e: any) => e.node.kind)).toEqual(expect.arrayContaining(['COLLECTED', 'ATTACHED', 'HANDED_OVER', 'EXPORTED']));
        expect(l.edges.find((e: any) => e.node.kind === 'ATTACHED').node.file).not.toBeNull(); // attached files open to all of them
      }
    });

    it('exports a pack that verifies: files, manifest, custody log (others’ events withheld) and summary', async () => {
      expect(await verdict(good)).toBeNull();
      const entries = await entriesOf(good);
      expect(entries.slice(0, 3).map(([n]) => n)).toEqual(['manifest.json', 'custody.ndjson', 'summary.pdf']);
      expect(entries.slice(3).map(([n]) => n.replace(/^files\/00\d-/, '')).sort()).toEqual(['receipt notes.txt', 'test-buy.png']);
      expect(entries.find(([n]) => n.endsWith('-test-buy.png'))![1].equals(PNG)).toBe(true);
      expect(entries[2][1].subarray(0, 5).toString()).toBe('%PDF-');
      const lines = entries[1][1].toString().trim().split('\n').map((l) => JSON.parse(l));
      const withheld = lines.filter((l) => l.withheld);
      expect(withheld.length).toBeGreaterThan(0); // the outsider's upload and the parallel ones
      expect(JSON.stringify(withheld)).not.toContain('unrelated.txt');
      // the lead member and the coordinator export too
      for (const token of [lead, coordinator]) {
        const res = await pack(token);
        const path = join(dir, 'again.zip');
        writeFileSync(path, res.body as Buffer);
        expect(await verdict(path)).toBeNull();
      }
    });

    it('names the file when one byte of it changed', async () => {
      const entries = await entriesOf(good);
      const i = entries.findIndex(([n]) => n.endsWith('-receipt notes.txt'));
      const bytes = Buffer.from(entries[i][1]);
      bytes[5] ^= 0x01;
      entries[i] = [entries[i][0], bytes];
      const path = join(dir, 'one-byte.zip');
      await writeZip(path, entries);
      expect(await verdict(path)).toMatchObject({ kind: 'FILE', name: entries[i][0] });
    });

    it('names the custody entry that was edited', async () => {
      const entries = await entriesOf(good);
      const i = entries.findIndex(([n]) => n === 'custody.ndjson');
      const lines = entries[i][1].toString().trim().split('\n').map((l) => JSON.parse(l));
      const viewed = lines.find((l) => l.entry?.kind === 'VIEWED');
      viewed.entry.actor.id = '00000000-0000-4000-8000-000000000000'; // someone else viewed it
      entries[i] = [entries[i][0], Buffer.from(lines.map((l) => JSON.stringify(l)).join('\n'))];
      const path = join(dir, 'one-entry.zip');
      await writeZip(path, entries);
      const mismatch = await verdict(path);
      expect(mismatch).toMatchObject({ kind: 'ENTRY', name: `#${viewed.seq}` });
      expect(mismatch!.message).toContain('VIEWED of test-buy.png');
    });

    it('refuses a pack whose signature is not the alliance key’s', async () => {
      const entries = await entriesOf(good);
      const manifest = JSON.parse(entries[0][1].toString());
      manifest.custody.publicKey = (await t.ok(`{ custodyPublicKey }`, {}, foreign)).custodyPublicKey ?? Buffer.alloc(32, 1).toString('base64');
      entries[0] = ['manifest.json', Buffer.from(JSON.stringify(manifest))];
      const path = join(dir, 'other-key.zip');
      await writeZip(path, entries);
      expect(await verdict(path)).toMatchObject({ kind: 'SIGNATURE' });
    });
  });
});
