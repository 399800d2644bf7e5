import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { errorOf, TestApp } from '../support/test-app.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.7 certificate');
const FILE_NODE = `query($id: ID!) { node(id: $id) { ... on EvidenceFile { fileName contentType sizeBytes sha256 downloadPath } } }`;
const UPLOAD = `mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id fileName sizeBytes } }`;

describe('evidence files over POST /files (multipart)', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await TestApp.startWithDemo({ MAX_FILE_BYTES: 1024 }, { intel: false });
    admin = await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    coordinator = await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const post = (token?: string) => {
    const req = t.http().post('/files');
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  it('stores a file sent as multipart and answers it as uploadEvidenceFile would; the file is then a node with its download', async () => {
    const res = await post(admin).attach('file', PDF, { filename: 'Zertifikat für Markenamt.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: 'Zertifikat für Markenamt.pdf', contentType: 'application/pdf', sizeBytes: PDF.length });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const node = (await t.ok(FILE_NODE, { id: res.body.id }, admin)).node;
    expect(node).toMatchObject({ fileName: 'Zertifikat für Markenamt.pdf', sizeBytes: PDF.length, sha256: res.body.sha256 });
    const download = await t.http().get(node.downloadPath).set('authorization', `Bearer ${coordinator}`).buffer(true);
    expect(download.status).toBe(200);
    expect(Buffer.from(download.body).equals(PDF)).toBe(true);
    const [row] = await t.sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'file.uploaded'`);
    expect(row.n).toBe(1);
  });

  it('answers 404 for a file whose bytes are gone from storage, by either download, and goes on serving', async () => {
    const res = await post(admin).attach('file', PDF, { filename: 'lost.pdf', contentType: 'application/pdf' });
    const [row] = await t.sql(`SELECT storage_key FROM evidence_file WHERE file_name = 'lost.pdf'`);
    const { rmSync } = await import('node:fs');
    rmSync(`${t.config.filesDir}/${row.storage_key}`);
    const direct = await t.http().get(`/files/${res.body.id}`).set('authorization', `Bearer ${admin}`);
    expect(direct.status).toBe(404);
    const { downloadUrl } = (await t.ok(`query($id: ID!) { node(id: $id) { ... on EvidenceFile { downloadUrl } } }`, { id: res.body.id }, admin)).node;
    expect((await t.http().get(downloadUrl)).status).toBe(404);
    expect((await t.http().get('/health')).status).toBe(200); // the process lives
  });

  it('refuses a caller without valid credentials before reading the file, and stores nothing', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n;
    const anonymous = await post().attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = await post('not-a-token').attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
    expect(forged.status).toBe(401);
    expect((await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n).toBe(before);
  });

  it('refuses uploads by partners and platform reviewers (people and API keys), by either route, and stores nothing', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n;
    const reviewer = await t.login(DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    const partner = await t.login(DEMO_USERS.partner, DEMO_PASSWORD);
    const [police] = (await t.ok(`{ partners(first: 100) { edges { node { id kind scopes } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node).filter((p: any) => p.kind === 'LAW_ENFORCEMENT');
    const key = (await t.ok(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { partnershipId: police.id, name: 'Uploader?', scopes: police.scopes } }, coordinator)).createApiKey.secret;
    for (const token of [reviewer, partner, key]) {
      const res = await post(token).attach('file', PNG, { filename: 'a.png', contentType: 'image/png' });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(await t.gql(UPLOAD, { i: { fileName: 'a.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, token)).code).toBe('FORBIDDEN');
    }
    expect((await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n).toBe(before);
  });

  it('refuses a body that is not multipart, a type it does not take, and a file whose bytes are not its type', async () => {
    const before = (await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n;
    const json = await post(admin).set('content-type', 'application/json').send({ contentBase64: PNG.toString('base64') });
    expect(json.status).toBe(400);
    expect(json.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });

    const exe = await post(admin).attach('file', Buffer.from('MZ\x90\x00'), { filename: 'tool.exe', contentType: 'application/x-msdownload' });
    expect(exe.status).toBe(400);
    expect(exe.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType' });

    const renamed = await post(admin).attach('file', PDF, { filename: 'photo.png', contentType: 'image/png' });
    expect(renamed.status).toBe(400);
    expect(renamed.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentType', message: 'The content is not image/png' });

    const empty = await post(admin).attach('file', Buffer.alloc(0), { filename: 'empty.txt', contentType: 'text/plain' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect((await t.sql(`SELECT count(*)::int AS n FROM evidence_file`))[0].n).toBe(before);
  });

  it('stops reading a file over MAX_FILE_BYTES (413), as the GraphQL mutation refuses it', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(2048, 0x20)]);
    const res = await post(admin).attach('file', big, { filename: 'big.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT' });
    // the GraphQL mutation stays for API clients, with the same checks
    const viaGraphql = await t.gql(UPLOAD, { i: { fileName: 'big.pdf', contentType: 'application/pdf', contentBase64: big.toString('base64') } }, admin);
    expect(errorOf(viaGraphql)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'contentBase64' });
    const small = (await t.ok(UPLOAD, { i: { fileName: 'small.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') } }, admin)).uploadEvidenceFile;
    expect(small).toMatchObject({ fileName: 'small.pdf', sizeBytes: PDF.length });
  });
});
