import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { verifyPackFile } from '../../libs/custody/src/verify-zip.js';
import { BrowserHarness } from '../support/browser.js';
import { writeZip, zipEntries } from '../support/zip-entries.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 8, 7, 6, 5, 4, 3, 2]);

/** The pack at `from` rewritten to `to` with each entry passed through `change`. */
async function rewrite(from: string, to: string, change: (name: string, data: Buffer) => Buffer): Promise<void> {
  await writeZip(to, (await zipEntries(from)).map(([name, data]) => [name, change(name, data)]));
}

// Issue 17, outcome 5 in the web client: the lead member exports a case's evidence pack from the
// case page, and the check page verifies it in Chromium (WebCrypto SHA-256 and Ed25519) and names
// the file or custody entry of a tampered one.
describe('evidence packs (browser)', () => {
  let h: BrowserHarness;
  let dir: string;
  let caseId: string;

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: { intel: false } });
    dir = mkdtempSync(join(tmpdir(), 'evidence-pack-browser-'));
    const lead = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const coordinator = await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    const file = (await h.t.ok(`mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`, { i: { fileName: 'test-buy.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }, lead)).uploadEvidenceFile;
    caseId = (await h.t.ok(`mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id } }`, { i: { title: 'Sneaker warehouse, Putian' } }, lead)).openEnforcementCase.id;
    await h.t.ok(`mutation($i: AttachCaseEvidenceInput!) { attachCaseEvidence(input: $i) { id } }`, { i: { caseId, fileIds: [file.id] } }, lead);
    const partners = (await h.t.ok(`{ partners(first: 20) { edges { node { id kind } } } }`, {}, coordinator)).partners.edges.map((e: any) => e.node);
    const police = partners.find((p: any) => p.kind === 'LAW_ENFORCEMENT').id;
    await h.t.ok(`mutation($i: MoveEnforcementCaseInput!) { moveEnforcementCase(input: $i) { id } }`, { i: { id: caseId, action: 'REFER', referral: { partnershipId: police, agency: 'Putian PSB', jurisdiction: 'CN' } } }, coordinator);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('exports the pack from the case page and verifies it, then names a changed file and a changed custody entry', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`/cases/${encodeURIComponent(caseId)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export evidence pack' }).click()]);
    const pack = join(dir, 'pack.zip');
    await download.saveAs(pack);
    expect(download.suggestedFilename()).toMatch(/^evidence-pack-.*\.zip$/);
    expect(await verifyPackFile(pack)).toBeNull();
    // the case page's chain of custody shows the hand-over and this export
    await page.reload();
    const custody = page.getByRole('table', { name: 'Chain of custody' });
    await custody.getByRole('cell', { name: 'Exported in an evidence pack' }).waitFor();
    const events = await custody.getByRole('row').allTextContents();
    for (const kind of ['Collected (uploaded)', 'Attached to the case', 'Handed to the partner', 'Exported in an evidence pack']) expect(events.join('\n')).toContain(kind);
    await h.screenshot(page, 'evidence-pack-custody-log');

    const oneByte = join(dir, 'one-byte.zip');
    await rewrite(pack, oneByte, (name, data) => {
      if (!name.endsWith('test-buy.png')) return data;
      const copy = Buffer.from(data);
      copy[9] ^= 0x40;
      return copy;
    });
    let seq = 0;
    const oneEntry = join(dir, 'one-entry.zip');
    await rewrite(pack, oneEntry, (name, data) => {
      if (name !== 'custody.ndjson') return data;
      return Buffer.from(data.toString().trim().split('\n').map((l) => {
        const line = JSON.parse(l);
        if (line.entry?.kind === 'ATTACHED') {
          seq = line.entry.seq;
          line.entry.at = '2020-01-01T00:00:00.000Z'; // attached earlier than it was
        }
        return JSON.stringify(line);
      }).join('\n'));
    });

    await page.getByRole('link', { name: 'verify a pack' }).click();
    await page.getByRole('heading', { name: 'Verify an evidence pack' }).waitFor();
    const check = async (path: string) => {
      await page.getByLabel('Evidence pack').setInputFiles({ name: 'pack.zip', mimeType: 'application/zip', buffer: await readFile(path) });
      await page.getByRole('button', { name: 'Verify' }).click();
      return page.getByRole('region', { name: 'Result' });
    };
    const ok = await check(pack);
    await ok.getByRole('heading', { name: 'OK: the pack is intact' }).waitFor();
    expect(await ok.textContent()).toContain('Sneaker warehouse, Putian');
    await h.screenshot(page, 'evidence-pack-verified');

    const byte = await check(oneByte);
    await byte.getByRole('heading', { name: 'Does not match' }).waitFor();
    expect(await byte.textContent()).toMatch(/files\/001-test-buy\.png: its SHA-256 is/);
    await h.screenshot(page, 'evidence-pack-tampered-file');

    const entry = await check(oneEntry);
    await entry.getByRole('heading', { name: 'Does not match' }).waitFor();
    expect(await entry.textContent()).toContain(`custody entry #${seq} (ATTACHED of test-buy.png): its content does not match its hash`);
  });
});
