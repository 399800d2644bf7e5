import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { validateStix } from '../../apps/api/src/intel-exchange/stix.js';
import { PASSWORD } from '../factories/alliance.factory.js';
import { intelPeople, publish } from '../factories/intel.factory.js';
import { BrowserHarness, cells, descriptionOf } from '../support/browser.js';
import { errorOf } from '../support/test-app.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const HEADER = 'report_ref,report_title,report_kind,sharing_level,confidence,country,first_observed_on,last_observed_on,indicator_type,indicator_value,indicator_qualifier,indicator_note';
const EXPORT = `query($i: ExportIntelInput!) { exportIntel(input: $i) { fileName contentType content reports } }`;


/** A CSV file of `count` reports of two indicators each (an e-mail and a domain of their own); `bad` breaks one report's e-mail. */
function importCsv(tag: string, count: number, bad?: number): { content: string; lines: string[] } {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const ref = `${tag}-${String(i).padStart(3, '0')}`;
    const head = `${ref},Imported seller ${tag} ${i},ONLINE_SELLER,GREEN,${40 + (i % 50)},CN,2026-01-02,2026-02-03`;
    lines.push(`${head},EMAIL,${i === bad ? 'not-an-email' : `seller-${i}@${tag}-shop${i}.example`},,`);
    lines.push(`${head},DOMAIN,www.${tag}-shop${i}.example,,main shop`);
  }
  return { content: `${lines.join('\n')}\n`, lines };
}

describe('intelligence exchange: imports, exports, correlation controls and link explanations (browser)', () => {
  let h: BrowserHarness;
  let p: Awaited<ReturnType<typeof intelPeople>>;
  let coordinator: string;

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: { intel: false } });
    p = await intelPeople(h.t);
    coordinator = p.coordinator;
  });
  afterAll(() => h?.close());

  /** Signs the holder of an API token in through the sign-in page. */
  const signedIn = (token: string): Promise<Page> => h.signInHolder(token, PASSWORD, 'Intelligence');

  async function coordinatorPage(): Promise<Page> {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Correlation' }).waitFor();
    return page;
  }

  /** The organisation's reports imported from a source file with this tag, as the DB holds them. */
  const imported = async (tag: string) => ({
    reports: (await h.t.sql(`SELECT count(*)::int AS n FROM intel_report WHERE source_ref LIKE $1 AND organisation_id = $2`, [`${tag}-%`, p.orgA.id]))[0].n as number,
    indicators: (await h.t.sql(`SELECT count(*)::int AS n FROM indicator i JOIN intel_report r ON r.id = i.report_id WHERE r.source_ref LIKE $1`, [`${tag}-%`]))[0].n as number,
  });

  it('imports a CSV file: a bad row is named by its line and nothing is written; a good file runs to 100 % with the counts the DB holds, and again adds nothing', async () => {
    const tag = `imp${Date.now().toString(36)}`;
    const page = await signedIn(p.aAnalyst);
    await nav(page).getByRole('link', { name: 'Intelligence' }).click();
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import intelligence' }).waitFor();
    const form = page.getByRole('form', { name: 'Import a file' });

    // one broken e-mail among 50 reports: the error report names its line, and the file writes nothing
    const broken = importCsv(tag, 50, 26);
    const badLine = broken.lines.findIndex((l) => l.includes('not-an-email')) + 1;
    // the format follows the file's name
    await form.getByLabel('Format').selectOption('STIX');
    await form.getByLabel('File').setInputFiles({ name: `${tag}-broken.csv`, mimeType: 'text/csv', buffer: Buffer.from(broken.content) });
    expect(await form.getByLabel('Format').inputValue()).toBe('CSV');
    await form.getByRole('button', { name: 'Import' }).click();
    const errors = page.getByRole('table', { name: 'Import errors' });
    await errors.waitFor({ timeout: 30_000 });
    await errors.locator('tbody tr').first().waitFor(); // the table comes with the status, its rows with the job's details
    const [failed] = await h.t.sql(`SELECT id, status, error_count, errors FROM import_job WHERE file_name = $1`, [`${tag}-broken.csv`]);
    expect(failed.status).toBe('FAILED');
    const rows = await cells(errors);
    expect(rows).toHaveLength(failed.errors.length);
    expect(rows).toEqual(failed.errors.map((e: { where: string; message: string }) => [e.where, e.message]));
    expect(rows.map((r) => r[0])).toContain(`line ${badLine}`);
    expect(await page.getByRole('alert').filter({ hasText: 'nothing of it was imported' }).textContent()).toContain(failed.error_count === 1 ? 'The file has 1 error' : `The file has ${failed.error_count} errors`);
    expect(await imported(tag)).toEqual({ reports: 0, indicators: 0 });
    await h.screenshot(page, 'intel-import-errors');

    // the corrected file: progress to 100 %, then the counts, equal to what the DB holds
    const good = importCsv(tag, 50);
    await form.getByLabel('File').setInputFiles({ name: `${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(good.content) });
    const phases = new Set<string>();
    await form.getByRole('button', { name: 'Import' }).click();
    const progress = page.getByRole('region', { name: 'Import progress' });
    for (let i = 0; i < 300 && !(await page.locator('dl.import-counts').count()); i++) {
      const phase = await progress.locator('.phase').textContent().catch(() => null);
      if (phase) phases.add(phase);
      await page.waitForTimeout(50);
    }
    await page.locator('dl.import-counts').waitFor();
    expect(await progress.locator('progress').evaluate((el) => (el as unknown as { value: number }).value)).toBe(1);
    expect(await progress.locator('.percent').textContent()).toBe('100 %');
    expect(await progress.getByRole('status').textContent()).toBe('Done');
    const db = await imported(tag);
    expect(db).toEqual({ reports: 50, indicators: 100 });
    const values = async () => page.locator('dl.import-counts dd').allTextContents();
    expect(await page.locator('dl.import-counts dt').allTextContents()).toEqual(['Reports created', 'Already imported', 'Indicators created']);
    expect(await values()).toEqual([String(db.reports), '0', String(db.indicators)]);
    // whatever the page caught while it polled was one of its phases
    for (const phase of phases) expect(phase).toMatch(/^(Waiting for a worker…|checking …( \d+ reports? read)?|writing \d+ of 50|Done)$/);
    await h.screenshot(page, 'intel-import-done');

    // the same file again: nothing created, every report already there
    await form.getByLabel('File').setInputFiles({ name: `${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(good.content) });
    await form.getByRole('button', { name: 'Import' }).click();
    await page.locator('dl.import-counts dd').first().filter({ hasText: /^0$/ }).waitFor({ timeout: 30_000 });
    expect(await values()).toEqual(['0', '50', '0']);
    expect(await imported(tag)).toEqual(db);

    // the recent imports, newest first, as the API lists them
    const importJobs = (await h.t.ok(`{ importJobs { edges { node { fileName status reportsCreated reportsAlreadyImported errorCount } } } }`, {}, p.aAnalyst)).importJobs.edges.map((e: any) => e.node);
    const list = page.getByRole('table', { name: 'Recent imports' });
    await list.locator('tbody tr').nth(2).waitFor();
    await list.locator('tbody tr').first().getByText('Completed').waitFor();
    const listed = await cells(list);
    expect(listed.map((c) => [c[0].replace(/\d[\d.]* (B|KiB|MiB)$/, ''), c[2], Number(c[3]), Number(c[4]), Number(c[6])])).toEqual(
      importJobs.map((j: any) => [j.fileName, { COMPLETED: 'Completed', FAILED: 'Failed' }[j.status as string], j.reportsCreated, j.reportsAlreadyImported, j.errorCount]));
    expect(listed.slice(0, 3).map((c) => c[2])).toEqual(['Completed', 'Completed', 'Failed']);
    await h.screenshot(page, 'intel-import');
  }, 120_000);

  it('exports a network as a STIX bundle and as CSV, with what the DB holds', async () => {
    const shared = { type: 'PHONE', value: '+86 139 5555 0101' };
    const r1 = await publish(h.t, p.a, 'Export: Yiwu watch seller', [shared, { type: 'EMAIL', value: 'watches@export-yiwu.example' }], { sharingLevel: 'GREEN', country: 'CN' });
    await publish(h.t, p.b, 'Export: watch straps wholesaler', [shared, { type: 'DOMAIN', value: 'straps-export.example' }, { type: 'IP_ADDRESS', value: '198.51.100.77' }], { sharingLevel: 'GREEN' });
    await publish(h.t, p.a, 'Export: warehouse', [{ type: 'EMAIL', value: 'WATCHES@export-yiwu.example' }], { sharingLevel: 'AMBER' });
    const [{ network_id: networkUuid }] = await h.t.sql(`SELECT network_id FROM intel_report WHERE title = 'Export: Yiwu watch seller'`);
    const dbReports = await h.t.sql<{ id: string; title: string }>(`SELECT id, title FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED' ORDER BY title`, [networkUuid]);
    expect(dbReports.map((r) => r.title)).toEqual(['Export: Yiwu watch seller', 'Export: warehouse', 'Export: watch straps wholesaler']);
    const dbIndicators = await h.t.sql<{ type: string; key: string }>(`SELECT type, key FROM indicator WHERE report_id = ANY($1) ORDER BY type, key`, [dbReports.map((r) => r.id)]);

    const page = await signedIn(p.a);
    await page.goto(`/intel/networks/${encodeURIComponent(r1.network.id)}`);
    await page.getByRole('heading', { name: 'Counterfeiter network' }).waitFor();
    const buttons = page.getByRole('group', { name: 'Export the network' });

    const [stixDownload] = await Promise.all([page.waitForEvent('download'), buttons.getByRole('button', { name: 'Export STIX' }).click()]);
    const stixText = await readFile((await stixDownload.path())!, 'utf8');
    const api = (await h.t.ok(EXPORT, { i: { format: 'STIX', networkId: r1.network.id } }, p.a)).exportIntel;
    expect(stixDownload.suggestedFilename()).toBe(api.fileName);
    // a network streams from GET /exports: the objects exportIntel gives, whatever the network's size
    const bundle = JSON.parse(stixText);
    expect(bundle.type).toBe('bundle');
    expect(validateStix(bundle)).toEqual([]);
    const byId = (objects: any[]) => Object.fromEntries(objects.map((o) => [o.id, o]));
    expect(byId(bundle.objects)).toEqual(byId(JSON.parse(api.content).objects));
    const stixReports = bundle.objects.filter((o: any) => o.type === 'report');
    expect(stixReports.map((o: any) => o.name).sort()).toEqual(dbReports.map((r) => r.title));
    // each STIX report carries its indicators' keys: the DB's
    const stixIndicators = bundle.objects.filter((o: any) => o.type === 'indicator');
    expect(stixIndicators.map((o: any) => `${o.x_countermark_type}:${o.x_countermark_key}`).sort()).toEqual(dbIndicators.map((i) => `${i.type}:${i.key}`).sort());
    await buttons.getByRole('status').filter({ hasText: `${api.fileName} saved` }).waitFor();
    await h.screenshot(page, 'intel-network-export');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), buttons.getByRole('button', { name: 'Export CSV' }).click()]);
    const csvText = await readFile((await csvDownload.path())!, 'utf8');
    expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
    expect(csvText).toBe((await h.t.ok(EXPORT, { i: { format: 'CSV', networkId: r1.network.id } }, p.a)).exportIntel.content);
    const lines = csvText.split(/\r?\n/).filter(Boolean);
    const header = lines[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['report_ref', 'report_title', 'indicator_type', 'indicator_key']));
    // one row per indicator, each under its report's STIX id
    expect(lines).toHaveLength(1 + dbIndicators.length);
    const col = (name: string) => header.indexOf(name);
    // (no cell of these reports needs quotes; a cell a spreadsheet would run as a formula starts with ')
    const csvRows = lines.slice(1).map((l) => l.split(',').map((cell) => cell.replace(/^'/, '')));
    expect(csvRows.map((r) => `${r[col('indicator_type')]}:${r[col('indicator_key')]}`).sort()).toEqual(dbIndicators.map((i) => `${i.type}:${i.key}`).sort());
    expect([...new Set(csvRows.map((r) => r[col('report_ref')]))].sort()).toEqual(stixReports.map((o: any) => o.id).sort());
    expect([...new Set(csvRows.map((r) => r[col('report_title')]))].sort()).toEqual(dbReports.map((r) => r.title));

    // a report's own page exports that report alone
    await page.goto(`/intel/${encodeURIComponent(r1.id)}`);
    const own = page.getByRole('group', { name: 'Export this report' });
    const [single] = await Promise.all([page.waitForEvent('download'), own.getByRole('button', { name: 'Export STIX' }).click()]);
    const one = JSON.parse(await readFile((await single.path())!, 'utf8'));
    expect(one.objects.filter((o: any) => o.type === 'report').map((o: any) => o.name)).toEqual(['Export: Yiwu watch seller']);

    // the feed exports the reports of the page it shows
    const { intelReports } = await h.t.ok(`{ intelReports(first: 20) { totalCount edges { node { id title } } } }`, {}, p.a);
    await nav(page).getByRole('link', { name: 'Intelligence' }).click();
    const shown = intelReports.edges.length;
    const feedButtons = page.getByRole('group', { name: shown === 1 ? 'Export the report shown' : `Export the ${shown} reports shown` });
    await feedButtons.waitFor();
    const [feedCsv] = await Promise.all([page.waitForEvent('download'), feedButtons.getByRole('button', { name: 'Export CSV' }).click()]);
    const feedLines = (await readFile((await feedCsv.path())!, 'utf8')).split(/\r?\n/).filter(Boolean);
    const titleCol = feedLines[0].split(',').indexOf('report_title');
    const apiFeed = (await h.t.ok(EXPORT, { i: { format: 'CSV', reportIds: intelReports.edges.map((e: any) => e.node.id) } }, p.a)).exportIntel;
    expect(feedLines.join('\n')).toBe(apiFeed.content.split(/\r?\n/).filter(Boolean).join('\n'));
    expect(apiFeed.reports).toBe(shown);
    expect(new Set(feedLines.slice(1).map((l) => l.split(',')[titleCol]))).toEqual(new Set(intelReports.edges.map((e: any) => e.node.title)));
    await feedButtons.getByRole('status').filter({ hasText: `${shown === 1 ? '1 report' : `${shown} reports`}` }).waitFor();
    await h.screenshot(page, 'intel-feed-export');
  }, 120_000);

  it('a coordinator sets the limit, sees a key over it with its counts, confirms it (one network) and excludes it (split); members get no such page', async () => {
    const member = await signedIn(p.a);
    expect(await nav(member).getByRole('link', { name: 'Correlation' }).count()).toBe(0);
    await member.goto('/intel/correlation');
    await member.getByRole('alert').filter({ hasText: 'This page is for coordinators only.' }).waitFor();
    expect(await member.locator('body').textContent()).not.toContain('Over-correlation limit');

    const page = await coordinatorPage();
    await nav(page).getByRole('link', { name: 'Correlation' }).click();
    await page.getByRole('heading', { name: 'Correlation', level: 1 }).waitFor();
    const limitBox = page.getByLabel('Over-correlation limit (reports)');
    const [{ correlation_limit: initial }] = await h.t.sql(`SELECT correlation_limit FROM alliance`);
    expect(await limitBox.inputValue()).toBe(String(initial));
    try {
      // the API refuses 0, and its message shows at the field
      const refused = errorOf(await h.t.gql(`mutation { setCorrelationLimit(input: { limit: 0 }) }`, {}, coordinator));
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
      await limitBox.fill('0');
      await page.getByRole('button', { name: 'Save limit' }).click();
      await page.locator('form[aria-label="Over-correlation limit"] .field.invalid').waitFor();
      expect(await descriptionOf(limitBox)).toContain(refused.message);
      expect(await limitBox.getAttribute('aria-invalid')).toBe('true');
      expect((await h.t.sql(`SELECT correlation_limit FROM alliance`))[0].correlation_limit).toBe(initial);
      await h.screenshot(page, 'intel-correlation-limit-refused');

      await limitBox.fill('3');
      await page.getByRole('button', { name: 'Save limit' }).click();
      await page.getByRole('status').filter({ hasText: 'The limit is now 3.' }).waitFor();
      expect((await h.t.sql(`SELECT correlation_limit FROM alliance`))[0].correlation_limit).toBe(3);

      // four reports share a service number: one more than the limit
      const hub = { type: 'PHONE', value: '+86 400 888 1234' };
      const titles = ['Hub: bag seller', 'Hub: shoe seller', 'Hub: watch seller', 'Hub: perfume seller'];
      const made = [];
      for (const [n, title] of titles.entries()) {
        made.push(await publish(h.t, n % 2 ? p.b : p.a, title, [hub, { type: 'EMAIL', value: `hub-${n}@hub-sellers.example` }], { sharingLevel: 'GREEN' }));
      }
      const networks = async () => (await h.t.sql(`SELECT count(DISTINCT network_id)::int AS n FROM intel_report WHERE title = ANY($1)`, [titles]))[0].n as number;
      expect(await networks()).toBe(4);
      const overCorrelatingKeys = (await h.t.ok(`{ overCorrelatingKeys { edges { node { type key reports organisations networks } } } }`, {}, coordinator)).overCorrelatingKeys.edges.map((e: any) => e.node);
      const over = overCorrelatingKeys.find((k: any) => k.key === '+864008881234');
      expect(over).toMatchObject({ type: 'PHONE', reports: 4, organisations: 2 });

      // a member sees the number links nothing for now
      await member.goto(`/intel/${encodeURIComponent(made[0].id)}`);
      await member.getByRole('table', { name: 'Indicators' }).getByText('links nothing until a coordinator decides').waitFor();
      await h.screenshot(member, 'intel-report-over-limit');

      await page.reload();
      const table = page.getByRole('table', { name: 'Over-correlating keys' });
      const row = table.locator('tbody tr').filter({ hasText: '+864008881234' });
      await row.waitFor();
      expect((await row.getByRole('cell').allTextContents()).slice(0, 5)).toEqual(['Phone', over.key, String(over.reports), String(over.organisations), String(over.networks)]);
      await h.screenshot(page, 'intel-correlation');

      // confirming needs a reason; then the four reports share one network
      const decide = row.getByRole('form', { name: 'Decide on Phone +864008881234' });
      await decide.getByRole('button', { name: 'Confirm' }).click();
      await decide.locator('.field.invalid').waitFor();
      expect(await networks()).toBe(4);
      await decide.getByLabel('Reason').fill('The same reseller answers this number for all four shops');
      await decide.getByRole('button', { name: 'Confirm' }).click();
      await row.waitFor({ state: 'detached' });
      expect(await networks()).toBe(1);
      expect(await h.t.sql(`SELECT decision, decision_reason FROM correlation_key WHERE key = '+864008881234'`))
        .toEqual([{ decision: 'CONFIRMED', decision_reason: 'The same reseller answers this number for all four shops' }]);

      // a value no report holds: NOT_FOUND at the value
      const exclude = page.getByRole('form', { name: 'Exclude a value' });
      const notHeld = errorOf(await h.t.gql(`mutation { excludeCorrelationKey(input: { type: EMAIL, value: "nobody@never-held.example", reason: "Not held" }) { key } }`, {}, coordinator));
      expect(notHeld).toMatchObject({ code: 'NOT_FOUND', field: 'value' });
      await exclude.getByLabel('Indicator type').selectOption({ label: 'E-mail' });
      await exclude.getByLabel('Value').fill('nobody@never-held.example');
      await exclude.getByLabel('Why exclude it?').fill('Not held');
      await exclude.getByRole('button', { name: 'Exclude' }).click();
      await exclude.locator('.field.invalid').waitFor();
      expect(await descriptionOf(exclude.getByLabel('Value'))).toContain(notHeld.message);

      // excluding the number splits them again, and lists it with its reason
      await exclude.getByLabel('Indicator type').selectOption({ label: 'Phone' });
      await exclude.getByLabel('Value').fill('+86 400-888-1234');
      await exclude.getByLabel('Why exclude it?').fill('Turns out to be the marketplace’s customer-service line');
      await exclude.getByRole('button', { name: 'Exclude' }).click();
      await exclude.getByRole('status').filter({ hasText: 'Excluded Phone +864008881234' }).waitFor();
      expect(await networks()).toBe(4);
      const excluded = page.getByRole('table', { name: 'Excluded keys' }).locator('tbody tr').filter({ hasText: '+864008881234' });
      await excluded.waitFor();
      const [dbKey] = await h.t.sql(`SELECT decision, decision_reason, report_count, decided_at FROM correlation_key WHERE key = '+864008881234'`);
      expect(dbKey).toMatchObject({ decision: 'EXCLUDED', decision_reason: 'Turns out to be the marketplace’s customer-service line', report_count: 4 });
      expect((await excluded.getByRole('cell').allTextContents()).slice(0, 5))
        .toEqual(['Phone', '+864008881234', dbKey.decision_reason, '4', `${dbKey.decided_at.toISOString().slice(0, 10)} ${dbKey.decided_at.toISOString().slice(11, 16)} UTC`]);
      await page.getByLabel('Filter the exclusions').fill('8881234');
      expect(await page.getByRole('table', { name: 'Excluded keys' }).locator('tbody tr').count()).toBe(1);
      await h.screenshot(page, 'intel-correlation-excluded');

      // removed again (with a reason): off the list
      await excluded.getByText('Remove…').click();
      const removal = excluded.getByRole('form', { name: 'Remove the exclusion of Phone +864008881234' });
      await removal.getByLabel('Reason').fill('Excluded by mistake');
      await removal.getByRole('button', { name: 'Remove' }).click();
      await excluded.waitFor({ state: 'detached' });
      expect((await h.t.sql(`SELECT decision FROM correlation_key WHERE key = '+864008881234'`))[0].decision).not.toBe('EXCLUDED');
    } finally {
      await h.t.ok(`mutation($l: Int!) { setCorrelationLimit(input: { limit: $l }) }`, { l: initial }, coordinator);
    }
  }, 120_000);

  it('explains why two reports of a network are linked: the chain of reports and the keys between them', async () => {
    const a = await publish(h.t, p.a, 'Chain: A storefront', [{ type: 'EMAIL', value: 'Chain.Orders@chain-links.example' }], { sharingLevel: 'GREEN' });
    await publish(h.t, p.b, 'Chain: B payment desk', [{ type: 'EMAIL', value: 'chain.orders@chain-links.example' }, { type: 'IP_ADDRESS', value: '203.0.113.99' }], { sharingLevel: 'GREEN' });
    const c = await publish(h.t, p.a, 'Chain: C server', [{ type: 'IP_ADDRESS', value: '203.0.113.99' }], { sharingLevel: 'GREEN' });
    expect(c.network.id).toBe(a.network.id);
    const { explainLink } = await h.t.ok(`query($a: ID!, $c: ID!) { explainLink(fromReportId: $a, toReportId: $c) { steps { report { title } viaType viaKey values } } }`, { a: a.id, c: c.id }, p.a);
    expect(explainLink.steps.map((s: any) => [s.report?.title, s.viaType, s.viaKey])).toEqual([
      ['Chain: A storefront', null, null],
      ['Chain: B payment desk', 'EMAIL', 'chain.orders@chain-links.example'],
      ['Chain: C server', 'IP_ADDRESS', '203.0.113.99'],
    ]);

    const page = await signedIn(p.a);
    await page.goto(`/intel/networks/${encodeURIComponent(a.network.id)}`);
    const explain = page.getByRole('form', { name: 'Explain a link' });
    await explain.getByLabel('From report').selectOption({ label: 'Chain: A storefront' });
    await explain.getByLabel('To report').selectOption({ label: 'Chain: C server' });
    await explain.getByRole('button', { name: 'Explain the link' }).click();
    const chain = page.getByRole('list', { name: 'Link chain' });
    await chain.waitFor();
    const steps = chain.getByRole('listitem');
    expect(await steps.count()).toBe(explainLink.steps.length);
    expect(await chain.locator('.step-report').allTextContents()).toEqual(explainLink.steps.map((s: any) => s.report.title));
    expect(await chain.locator('.via code').allTextContents()).toEqual(['chain.orders@chain-links.example', '203.0.113.99']);
    expect(await steps.nth(1).locator('.via').textContent()).toContain('E-mail');
    expect(await steps.nth(1).locator('.via').textContent()).toContain('Chain.Orders@chain-links.example');
    expect(await steps.nth(2).locator('.via').textContent()).toContain('IP address');
    await h.screenshot(page, 'intel-network-explain');
  }, 120_000);

  it('explains a link through a derived key in the API’s words: the domain of two URLs', async () => {
    const a = await publish(h.t, p.a, 'Derived: product page', [{ type: 'URL', value: 'https://www.derived-links.example/bags/1' }], { sharingLevel: 'GREEN' });
    const b = await publish(h.t, p.b, 'Derived: contact page', [{ type: 'URL', value: 'https://help.derived-links.example/contact' }], { sharingLevel: 'GREEN' });
    expect(b.network.id).toBe(a.network.id);

    const page = await signedIn(p.a);
    await page.goto(`/intel/networks/${encodeURIComponent(a.network.id)}`);
    // the graph joins the two reports through the domain node their URLs derive
    const domainNode = page.locator('svg.graph [data-node="indicator"][data-key="DOMAIN:derived-links.example"]');
    await domainNode.waitFor();
    expect(await domainNode.getAttribute('aria-label')).toBe('Indicator: Domain derived-links.example, in 2 report(s)');
    const explain = page.getByRole('form', { name: 'Explain a link' });
    await explain.getByLabel('From report').selectOption({ label: 'Derived: product page' });
    await explain.getByLabel('To report').selectOption({ label: 'Derived: contact page' });
    await explain.getByRole('button', { name: 'Explain the link' }).click();
    const chain = page.getByRole('list', { name: 'Link chain' });
    await chain.waitFor();
    expect(await chain.locator('.via code').allTextContents()).toEqual(['derived-links.example']);
    expect(await chain.locator('.via .derived').allTextContents()).toEqual([
      'linked through the domain of this URL: https://www.derived-links.example/bags/1',
      'linked through the domain of this URL: https://help.derived-links.example/contact',
    ]);
    await h.screenshot(page, 'intel-network-explain-derived');

    // the report page says what the URL also links through
    await page.goto(`/intel/${encodeURIComponent(a.id)}`);
    const derived = page.getByRole('table', { name: 'Indicators' }).locator('.derived-key');
    await derived.waitFor();
    expect(await derived.textContent()).toBe('also Domain derived-links.example: linked through the domain of this URL');
  }, 120_000);
});
