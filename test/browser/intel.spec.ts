import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { IndicatorType, normaliseIndicator } from '../../libs/indicators/src/index.js';
import { PASSWORD } from '../factories/alliance.factory.js';
import { CREATE_REPORT, intelPeople, publish, report } from '../factories/intel.factory.js';
import { BrowserHarness, cells, descriptionOf } from '../support/browser.js';
import { errorOf } from '../support/test-app.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const brandId = (uuid: string) => toGlobalId('Brand', uuid);
const NETWORK = `query($id: ID!) { node(id: $id) { ... on CounterfeiterNetwork { summary { reportCount } mergedInto { id } indicators { type key reports } brands { name } } } }`;

/** The text of the key cell of indicator row n (1-based) of the report form. */
const keyOf = (page: Page, n: number) => page.locator(`tr.indicator-row[data-row="${n}"] output`);

describe('intelligence: reports, networks, search, contact requests, watchlists and notifications (browser)', () => {
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

  it('a report typed in the browser: keys and reasons live, duplicates flagged, the API’s refusal at its row, then published and shown as stored', async () => {
    const [{ marketplaces }] = await h.t.sql<{ marketplaces: string[] }>(`SELECT marketplaces FROM alliance`);
    expect(marketplaces).toContain('walmart');
    try {
      const [brand] = await h.t.sql<{ id: string; name: string }>(`SELECT id, name FROM brand WHERE organisation_id = $1 ORDER BY name LIMIT 1`, [p.orgA.id]);
      const [{ default_sharing_level: defaultLevel }] = await h.t.sql(`SELECT default_sharing_level FROM alliance`);
      const page = await signedIn(p.a);
      await nav(page).getByRole('link', { name: 'Intelligence' }).click();
      await page.getByRole('heading', { name: 'Intelligence', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'New report' }).click();
      await page.getByRole('heading', { name: 'New report' }).waitFor();
      const form = page.getByRole('form', { name: 'New report' });
      expect(await form.getByLabel('Sharing level').inputValue()).toBe(defaultLevel);

      const title = 'Guangzhou handbag seller (browser)';
      await form.getByLabel('Kind').selectOption({ label: 'Online seller' });
      await form.getByLabel('Title').fill(title);
      await form.getByLabel('Summary').fill('Sells copies of our handbags through a WeChat shop and Taobao listings.');
      await form.getByLabel('Confidence (0–100)').fill('80');
      await form.getByLabel('Sharing level').selectOption({ label: 'TLP:GREEN' });
      await form.getByLabel('Country', { exact: true }).selectOption('CN');
      await form.getByRole('checkbox', { name: brand.name }).check();
      await form.getByRole('checkbox', { name: 'Taobao' }).check();

      // a phone typed as people write it: its E.164 key shows while typing, before anything is saved
      const phone = form.getByLabel('Value of indicator 1');
      await phone.pressSequentially('138 0013 8000', { delay: 15 });
      await keyOf(page, 1).filter({ hasText: '+8613800138000' }).waitFor();
      expect(await keyOf(page, 1).textContent()).toBe('+8613800138000');
      expect(await descriptionOf(phone)).toContain('+8613800138000');
      expect(await h.t.sql(`SELECT id FROM intel_report WHERE title = $1`, [title])).toEqual([]);

      // an invalid e-mail: the library's reason, live, at the row
      await form.getByRole('button', { name: 'Add indicator' }).click();
      await form.getByLabel('Type of indicator 2').selectOption({ label: 'E-mail' });
      const email = form.getByLabel('Value of indicator 2');
      await email.pressSequentially('orders at shiny-bags', { delay: 5 });
      const reason = normaliseIndicator(IndicatorType.EMAIL, 'orders at shiny-bags');
      expect(reason.ok).toBe(false);
      await keyOf(page, 2).filter({ hasText: (reason as { reason: string }).reason }).waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      await email.fill('Orders@Shiny-Bags.example');
      await keyOf(page, 2).filter({ hasText: 'orders@shiny-bags.example' }).waitFor();

      // the same phone written another way is flagged as a repeat of row 1
      await form.getByRole('button', { name: 'Add indicator' }).click();
      await form.getByLabel('Type of indicator 3').selectOption({ label: 'Phone' });
      const third = form.getByLabel('Value of indicator 3');
      await third.fill('+86 (138) 0013-8000');
      await keyOf(page, 3).filter({ hasText: 'same as indicator 1' }).waitFor();
      // a store id needs its marketplace: the reason first, the key once the qualifier names it
      await form.getByLabel('Type of indicator 3').selectOption({ label: 'Marketplace store' });
      await third.fill('88123456');
      await keyOf(page, 3).filter({ hasText: 'Give the listing or store address' }).waitFor();
      await form.getByLabel('Qualifier of indicator 3').selectOption('jd');
      await keyOf(page, 3).filter({ hasText: 'jd:store:88123456' }).waitFor();
      // a Walmart listing, which the alliance lists while the page is open
      await form.getByLabel('Type of indicator 3').selectOption({ label: 'Marketplace listing' });
      await third.fill('https://www.walmart.com/ip/shiny-bag/5550001');
      await keyOf(page, 3).filter({ hasText: 'walmart:listing:5550001' }).waitFor();
      await form.getByLabel('Note on indicator 3').fill('Same bag, same photos');
      await h.screenshot(page, 'intel-editor');

      // meanwhile the alliance stops listing Walmart: the browser still reads the listing, the API refuses it
      await h.t.sql(`UPDATE alliance SET marketplaces = '{taobao,tmall,aliexpress,jd}'`);

      const indicators = [
        { type: 'PHONE', value: '138 0013 8000' },
        { type: 'EMAIL', value: 'Orders@Shiny-Bags.example' },
        { type: 'MARKETPLACE_LISTING', value: 'https://www.walmart.com/ip/shiny-bag/5550001', note: 'Same bag, same photos' },
      ];
      const refused = errorOf(await h.t.gql(CREATE_REPORT, { i: report(title, indicators, { country: 'CN' }) }, p.a));
      expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', field: 'indicators.2.value' });
      await form.getByRole('button', { name: 'Publish' }).click();
      await form.locator('tr.indicator-row[data-row="3"] .field-error').waitFor();
      expect(await descriptionOf(third)).toContain(refused.message);
      expect(await third.getAttribute('aria-invalid')).toBe('true');
      expect(await form.locator('tr.indicator-row[data-row="1"] .field-error').count()).toBe(0);
      expect(await h.t.sql(`SELECT id FROM intel_report WHERE title = $1`, [title])).toEqual([]);
      await h.screenshot(page, 'intel-editor-refused');

      // a listing the alliance reads, then publish: the report's page opens
      await third.fill('https://item.taobao.com/item.htm?id=620000000001&spm=a21n57');
      await keyOf(page, 3).filter({ hasText: 'taobao:listing:620000000001' }).waitFor();
      await form.getByRole('button', { name: 'Publish' }).click();
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();

      const [stored] = await h.t.sql(`SELECT id, status, sharing_level, country, confidence, marketplaces FROM intel_report WHERE title = $1`, [title]);
      expect(stored).toMatchObject({ status: 'PUBLISHED', sharing_level: 'GREEN', country: 'CN', confidence: 80, marketplaces: ['taobao'] });
      expect(page.url()).toContain(`/intel/${encodeURIComponent(toGlobalId('IntelReport', stored.id))}`);
      expect(await h.t.sql(`SELECT brand_id FROM intel_report_brand WHERE report_id = $1`, [stored.id])).toEqual([{ brand_id: brand.id }]);
      const rows = await h.t.sql<{ type: string; raw_value: string; key: string; note: string | null }>(
        `SELECT type, raw_value, key, note FROM indicator WHERE report_id = $1 ORDER BY position`, [stored.id]);
      expect(rows.map((r) => r.key)).toEqual(['+8613800138000', 'orders@shiny-bags.example', 'taobao:listing:620000000001']);
      const shown = await cells(page.getByRole('table', { name: 'Indicators' }));
      expect(shown.map((c) => c.slice(0, 3))).toEqual([
        ['Phone', rows[0].raw_value, rows[0].key],
        ['E-mail', rows[1].raw_value, rows[1].key],
        ['Marketplace listing', `${rows[2].raw_value}${rows[2].note}`, rows[2].key],
      ]);
      expect(await page.locator('p.summary .tlp').textContent()).toBe('TLP:GREEN');
      expect(await page.getByRole('link', { name: 'View the counterfeiter network' }).count()).toBe(1);
      await h.screenshot(page, 'intel-report');

      // amend it in the browser: the form comes back filled, keys included; the old version goes to the history
      await page.getByRole('link', { name: 'Amend' }).click();
      await page.getByRole('heading', { name: 'Amend report' }).waitFor();
      const amend = page.getByRole('form', { name: 'Edit report' });
      expect(await amend.getByLabel('Title').inputValue()).toBe(title);
      for (const [n, row] of rows.entries()) {
        expect(await amend.getByLabel(`Value of indicator ${n + 1}`).inputValue()).toBe(row.raw_value);
        expect(await keyOf(page, n + 1).textContent()).toBe(row.key);
      }
      await amend.getByLabel('Confidence (0–100)').fill('85');
      await amend.getByRole('button', { name: 'Save amendment' }).click();
      await page.getByRole('region', { name: 'History' }).waitFor();
      expect(await page.locator('p.summary').textContent()).toContain('version 2');
      expect(await page.getByRole('region', { name: 'History' }).textContent()).toContain('Version 1, replaced');
      expect(await h.t.sql(`SELECT r.version, r.confidence, v.version AS kept FROM intel_report r JOIN intel_report_version v ON v.report_id = r.id WHERE r.id = $1`, [stored.id]))
        .toEqual([{ version: 2, confidence: 85, kept: 1 }]);

      // B holds the phone in a RED report A may not see: A's page tells how many, never whose
      await publish(h.t, p.b, 'B: red phone file', [{ type: 'PHONE', value: '+86 138-0013-8000' }], { sharingLevel: 'RED' });
      await page.reload();
      const blind = page.getByRole('region', { name: 'Blind matches' });
      await blind.waitFor();
      expect(await blind.textContent()).toContain('+8613800138000 (138 0013 8000) is also held by 1 other organisation in reports you cannot see');
      expect(await page.locator('body').textContent()).not.toContain('B: red phone file');
      await h.screenshot(page, 'intel-report-own');

      // the feed lists it first among A's reports, with its TLP badge
      await nav(page).getByRole('link', { name: 'Intelligence' }).click();
      // (the filter lives in the address, which updates in a transition: click, then wait for the list)
      await page.getByRole('checkbox', { name: 'Only my organisation’s reports' }).click();
      await page.waitForURL(/[?&]mine=1/);
      const { intelReports } = await h.t.ok(`{ intelReports(filter: { mine: true }) { totalCount edges { node { title } } } }`, {}, p.a);
      await page.locator('p.count').filter({ hasText: new RegExp(`^${intelReports.totalCount} reports?$`) }).waitFor();
      expect(await page.getByRole('checkbox', { name: 'Only my organisation’s reports' }).isChecked()).toBe(true);
      const feed = await cells(page.getByRole('table', { name: 'Reports' }));
      expect(feed.map((c) => c[0])).toEqual(intelReports.edges.map((e: any) => e.node.title));
      expect(feed[0].slice(0, 3)).toEqual([title, 'TLP:GREEN', 'Published']);
      await h.screenshot(page, 'intel-feed');
    } finally {
      await h.t.sql(`UPDATE alliance SET marketplaces = $1`, [marketplaces]);
    }
  }, 120_000);

  it('draws a network as a graph of reports, indicators and brands, with lists that match it, and links a merged network to where it went', async () => {
    const [brandA] = await h.t.sql<{ id: string }>(`SELECT id FROM brand WHERE organisation_id = $1 ORDER BY name LIMIT 1`, [p.orgA.id]);
    const [brandB] = await h.t.sql<{ id: string }>(`SELECT id FROM brand WHERE organisation_id = $1 ORDER BY name LIMIT 1`, [p.orgB.id]);
    const green = { sharingLevel: 'GREEN' };
    const r1 = await publish(h.t, p.a, 'Net: Dongguan bag workshop', [{ type: 'PHONE', value: '+86 139 0000 1111' }, { type: 'EMAIL', value: 'net.bags@shiny-net.example' }], { ...green, country: 'CN', brandIds: [brandId(brandA.id)] });
    const r2 = await publish(h.t, p.b, 'Net: shoe listings', [{ type: 'PHONE', value: '0086 139-0000-1111' }, { type: 'DOMAIN', value: 'www.shiny-net.example' }], { ...green, brandIds: [brandId(brandB.id)] });
    const r3 = await publish(h.t, p.b, 'Net: bonded warehouse', [{ type: 'BANK_ACCOUNT', value: 'DE89 3704 0044 0532 0130 00' }, { type: 'POSTAL_ADDRESS', value: '8 Harbour Rd, Shenzhen' }], green);
    expect(r2.network.id).toBe(r1.network.id);
    expect(r3.network.id).not.toBe(r1.network.id);
    // a report holding the bank account and the e-mail merges the two networks: the larger keeps its id
    const bridge = await publish(h.t, p.a, 'Net: payment bridge', [{ type: 'BANK_ACCOUNT', value: 'de89370400440532013000' }, { type: 'EMAIL', value: 'NET.BAGS@shiny-net.example' }], { ...green, brandIds: [brandId(brandA.id)] });
    expect(bridge.network.id).toBe(r1.network.id);

    const seen = (await h.t.ok(NETWORK, { id: r1.network.id }, p.a)).node;
    expect(seen.summary.reportCount).toBe(4);
    const networkUuid = (await h.t.sql(`SELECT network_id FROM intel_report WHERE title = 'Net: payment bridge'`))[0].network_id;
    const reportIds = (await h.t.sql<{ id: string }>(`SELECT id FROM intel_report WHERE network_id = $1 AND status = 'PUBLISHED'`, [networkUuid])).map((r) => r.id);
    expect(reportIds).toHaveLength(4);
    const keys = await h.t.sql<{ type: string; key: string }>(`SELECT DISTINCT type, key FROM indicator WHERE report_id = ANY($1) ORDER BY type, key`, [reportIds]);
    const [{ pairs }] = await h.t.sql<{ pairs: number }>(`SELECT count(DISTINCT (report_id, type, key))::int AS pairs FROM indicator WHERE report_id = ANY($1)`, [reportIds]);
    const brandLinks = await h.t.sql<{ brand_id: string }>(`SELECT brand_id FROM intel_report_brand WHERE report_id = ANY($1)`, [reportIds]);
    const brands = new Set(brandLinks.map((b) => b.brand_id));

    const page = await signedIn(p.a);
    await page.goto(`/intel/networks/${encodeURIComponent(r1.network.id)}`);
    await page.getByRole('heading', { name: 'Counterfeiter network' }).waitFor();
    const graph = page.locator('svg.graph');
    await graph.locator('[data-node="report"]').first().waitFor();
    expect(await graph.locator('[data-node="report"]').count()).toBe(seen.summary.reportCount);
    expect(await graph.locator('[data-node="indicator"]').count()).toBe(keys.length);
    expect((await graph.locator('[data-node="indicator"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-key')))).sort())
      .toEqual(keys.map((k) => `${k.type}:${k.key}`).sort());
    expect(await graph.locator('[data-node="brand"]').count()).toBe(brands.size);
    expect(await graph.locator('[data-edge="indicator"]').count()).toBe(pairs);
    expect(await graph.locator('[data-edge="brand"]').count()).toBe(brandLinks.length);
    // every node says what it is
    const titles = await graph.locator('[data-node] > title').allTextContents();
    expect(titles).toHaveLength(seen.summary.reportCount + keys.length + brands.size);
    expect(titles).toContain('Report: Net: payment bridge (TLP:GREEN, ' + p.orgA.name + ')');
    expect(titles.find((t) => t.startsWith('Indicator: Phone +8613900001111'))).toContain('in 2 report(s)');

    // the lists beside it
    const reports = page.getByRole('region', { name: 'Reports in the network' });
    expect(await reports.getByRole('heading').textContent()).toBe(`Reports (${seen.summary.reportCount})`);
    expect((await reports.getByRole('listitem').getByRole('link').allTextContents()).sort())
      .toEqual(['Net: Dongguan bag workshop', 'Net: shoe listings', 'Net: bonded warehouse', 'Net: payment bridge'].sort());
    const indicatorTable = page.getByRole('table', { name: 'Indicators in the network' });
    expect(await indicatorTable.locator('tbody tr td code').allTextContents()).toEqual(seen.indicators.map((i: any) => i.key));
    expect(await indicatorTable.locator('tbody tr td.num').allTextContents()).toEqual(seen.indicators.map((i: any) => String(i.reports)));
    const sideText = await page.getByRole('region', { name: 'Brands and reporters' }).textContent();
    expect(seen.brands).toHaveLength(brands.size);
    for (const b of seen.brands) expect(sideText).toContain(b.name);
    expect(sideText).toContain(`Reporting organisations (2)`);
    expect(await page.getByRole('region', { name: 'Events' }).textContent()).toContain('Merged');
    await h.screenshot(page, 'intel-network');

    // the absorbed network points to the one it merged into
    const absorbed = (await h.t.ok(NETWORK, { id: r3.network.id }, p.a)).node;
    expect(absorbed.mergedInto).toEqual({ id: r1.network.id });
    await page.goto(`/intel/networks/${encodeURIComponent(r3.network.id)}`);
    await page.getByRole('note').filter({ hasText: 'merged into a larger one' }).waitFor();
    await page.getByRole('link', { name: 'Open the network it merged into' }).click();
    await page.waitForURL(`**/intel/networks/${encodeURIComponent(r1.network.id)}`);
    await expect(page.getByRole('region', { name: 'Reports in the network' }).getByRole('heading').textContent()).resolves.toBe('Reports (4)');
    // a report node opens its report
    await page.locator(`svg.graph [data-node="report"][data-id="${r3.id}"]`).click();
    await page.getByRole('heading', { name: 'Net: bonded warehouse', level: 1 }).waitFor();
  }, 120_000);

  it('search finds a report by part of an indicator, refuses a short query with the API’s words, and a blind match leads to a contact request the coordinators relay', async () => {
    const target = await publish(h.t, p.a, 'Search: sneaker outlet', [{ type: 'EMAIL', value: 'kicks.outlet.store@sneaker-fakes.example' }], { sharingLevel: 'GREEN' });
    await publish(h.t, p.b, 'B: red investigation', [{ type: 'PHONE', value: '+86 137 7777 0101' }], { sharingLevel: 'RED' });
    const page = await signedIn(p.a);
    await nav(page).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { name: 'Search intelligence' }).waitFor();
    const box = page.getByLabel('Search for');

    // too short: the API's message at the box
    const short = errorOf(await h.t.gql(`{ searchIntel(query: "ki") { totalCount } }`, {}, p.a));
    expect(short).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
    await box.fill('ki');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('.field.invalid').waitFor();
    expect(await descriptionOf(box)).toContain(short.message);

    // a fragment of the e-mail
    const { searchIntel } = await h.t.ok(`{ searchIntel(query: "kicks.outlet") { totalCount edges { node { score titleMatched report { title } matchedIndicators { value } } } } }`, {}, p.a);
    expect(searchIntel.edges[0].node.report.title).toBe('Search: sneaker outlet');
    await box.fill('kicks.outlet');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('p.count').filter({ hasText: `${searchIntel.totalCount === 1 ? '1 report' : `${searchIntel.totalCount} reports`} for “kicks.outlet”` }).waitFor();
    const hits = page.locator('li.hit');
    expect(await hits.locator('.hit-head a').allTextContents()).toEqual(searchIntel.edges.map((e: any) => e.node.report.title));
    const first = hits.first();
    expect(await first.locator('.score').textContent()).toBe(`score ${Math.round(searchIntel.edges[0].node.score * 100)}%`);
    expect(await first.locator('.title-match').count()).toBe(searchIntel.edges[0].node.titleMatched ? 1 : 0);
    expect(await first.getByRole('list', { name: 'Matched indicators' }).textContent()).toContain('kicks.outlet.store@sneaker-fakes.example');
    expect(await page.getByRole('region', { name: 'Blind matches' }).count()).toBe(0);
    await h.screenshot(page, 'intel-search');
    await first.locator('.hit-head a').click();
    await page.waitForURL(`**/intel/${encodeURIComponent(target.id)}`);

    // a value only in B's RED report: a blind match, never the report
    await page.goBack();
    await page.getByLabel('Search for').fill('+86 137 7777 0101');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const blind = page.getByRole('region', { name: 'Blind matches' });
    await blind.waitFor();
    expect(await blind.textContent()).toContain('+8613777770101 is also held by 1 other organisation in reports you cannot see');
    expect(await page.locator('body').textContent()).not.toContain('B: red investigation');
    await blind.getByRole('button', { name: 'Request contact' }).click();
    await blind.getByLabel('Message to the holders').fill('This number is behind our fake sneaker listings too; can we compare notes?');
    await blind.getByRole('button', { name: 'Request contact' }).click();
    await blind.getByRole('status').filter({ hasText: 'Contact requested' }).waitFor();
    await h.screenshot(page, 'intel-search-blind-match');
    const [request] = await h.t.sql(
      `SELECT id, requester_organisation_id, indicator_type, indicator_key, status, message FROM contact_request WHERE indicator_key = '+8613777770101'`);
    expect(request).toMatchObject({ requester_organisation_id: p.orgA.id, indicator_type: 'PHONE', status: 'PENDING_REVIEW', message: 'This number is behind our fake sneaker listings too; can we compare notes?' });
    expect(await h.t.sql(`SELECT organisation_id, status FROM contact_request_recipient WHERE request_id = $1`, [request.id])).toEqual([{ organisation_id: p.orgB.id, status: 'WAITING' }]);

    // the coordinator passes it on
    const coordinatorPage = await h.page();
    await h.signIn(coordinatorPage, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(coordinatorPage).getByRole('link', { name: 'Intelligence' }).waitFor();
    await coordinatorPage.goto('/intel/contacts');
    const review = coordinatorPage.getByRole('form', { name: 'Review the request about +8613777770101' });
    await review.getByLabel('Note').fill('Passed on: same number');
    await h.screenshot(coordinatorPage, 'intel-contacts-review');
    await review.getByRole('button', { name: 'Approve' }).click();
    await coordinatorPage.getByRole('table', { name: 'Reviewed requests' }).getByRole('cell', { name: 'Passed on: same number' }).waitFor();
    expect(await h.t.sql(`SELECT status, coordinator_note FROM contact_request WHERE id = $1`, [request.id])).toEqual([{ status: 'APPROVED', coordinator_note: 'Passed on: same number' }]);

    // the holder accepts; the requester sees who
    const holder = await signedIn(p.b);
    await holder.goto('/intel/contacts');
    const addressed = holder.getByRole('region', { name: 'Addressed to you' });
    await addressed.getByRole('button', { name: 'Accept' }).click();
    await addressed.getByText('You accepted.').waitFor();
    expect(await h.t.sql(`SELECT status FROM contact_request_recipient WHERE request_id = $1`, [request.id])).toEqual([{ status: 'ACCEPTED' }]);
    // the holder saw the e-mail too
    await holder.goto(`/intel/${encodeURIComponent(target.id)}`);
    await holder.getByRole('button', { name: /^Seen too/ }).click();
    const sighting = holder.getByRole('form', { name: /^Seen too:/ });
    await sighting.getByLabel('Note on your sighting').fill('Same address on our marketplace complaints');
    await sighting.getByRole('button', { name: 'Record sighting' }).click();
    await holder.locator('ul.sightings li').filter({ hasText: p.orgB.name }).waitFor();
    expect(await h.t.sql(`SELECT s.organisation_id, s.note FROM sighting s JOIN indicator i ON i.id = s.indicator_id JOIN intel_report r ON r.id = i.report_id WHERE r.title = 'Search: sneaker outlet'`))
      .toEqual([{ organisation_id: p.orgB.id, note: 'Same address on our marketplace complaints' }]);
    expect(await holder.locator('ul.sightings li').textContent()).toContain('Same address on our marketplace complaints');
    await h.screenshot(holder, 'intel-report-sighting');

    await page.goto('/intel/contacts');
    await page.getByRole('table', { name: 'Sent requests' }).getByRole('cell', { name: p.orgB.name }).waitFor();
    const sent = await cells(page.getByRole('table', { name: 'Sent requests' }));
    expect(sent[0].slice(0, 4)).toEqual(['Phone +8613777770101', 'Passed on', 'Passed on: same number', p.orgB.name]);
    await h.screenshot(page, 'intel-contacts');
    expect((await h.t.ok(`{ contactRequests { id } }`, {}, coordinator)).contactRequests).toHaveLength(1);
  }, 120_000);

  it('a watched indicator: B adds it in the page, A publishes a matching report, B’s bell counts it live; "Mark all read" clears it', async () => {
    const page = await signedIn(p.b);
    const unread = async () => (await h.t.ok(`{ notifications { unreadCount } }`, {}, p.b)).notifications.unreadCount as number;
    const bell = page.getByRole('button', { name: /Notifications/ });
    const before = await unread();
    await bell.locator('.unread-count').filter({ hasText: new RegExp(`^${before}$`) }).waitFor();

    await nav(page).getByRole('link', { name: 'Watchlist' }).click();
    await page.getByRole('heading', { name: 'Watchlist', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Watch something' });
    await form.getByLabel('What to watch').selectOption({ label: 'An indicator' });
    await form.getByLabel('Indicator type').selectOption({ label: 'E-mail' });
    await form.getByLabel('Value').fill('Watch.Me+promo@Outlook.com');
    expect(await descriptionOf(form.getByLabel('Value'))).toContain('Key: watch.me@outlook.com');
    await form.getByRole('button', { name: 'Watch' }).click();
    await form.getByRole('status').filter({ hasText: 'Watching watch.me@outlook.com' }).waitFor();
    expect(await cells(page.getByRole('table', { name: 'Watchlist' }))).toEqual([['E-mail', 'watch.me@outlook.com', expect.any(String), 'Remove watch.me@outlook.com']]);
    expect(await h.t.sql(`SELECT kind, indicator_type, indicator_key FROM watchlist_entry WHERE organisation_id = $1`, [p.orgB.id]))
      .toEqual([{ kind: 'INDICATOR', indicator_type: 'EMAIL', indicator_key: 'watch.me@outlook.com' }]);
    await h.screenshot(page, 'intel-watchlist');

    // A publishes a matching report: B's bell goes up without a reload
    await page.evaluate(() => { (globalThis as unknown as { marker: number }).marker = 42; });
    await publish(h.t, p.a, 'Outlook reseller', [{ type: 'EMAIL', value: 'watch.me@outlook.com' }], { sharingLevel: 'GREEN' });
    expect(await unread()).toBe(before + 1);
    await bell.locator('.unread-count').filter({ hasText: new RegExp(`^${before + 1}$`) }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(42);

    await bell.click();
    const panel = page.getByRole('region', { name: 'Latest notifications' });
    const item = panel.getByRole('link', { name: 'New report on your watchlist: Outlook reseller' });
    await item.waitFor();
    await h.screenshot(page, 'intel-notifications');
    await panel.getByRole('button', { name: 'Mark all read' }).click();
    await bell.locator('.unread-count').filter({ hasText: /^0$/ }).waitFor();
    const [b] = await h.t.sql(`SELECT id FROM app_user WHERE organisation_id = $1 AND email LIKE 'b-admin-%'`, [p.orgB.id]);
    expect(await h.t.sql(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [b.id])).toEqual([{ n: 0 }]);
    expect(await unread()).toBe(0);

    // the notification leads to the report; the full list shows it read
    await item.click();
    await page.getByRole('heading', { name: 'Outlook reseller', level: 1 }).waitFor();
    await page.goto('/notifications');
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    const { notifications } = await h.t.ok(`{ notifications { totalCount unreadCount } }`, {}, p.b);
    await page.locator('p.count').filter({ hasText: `${notifications.totalCount === 1 ? '1 notification' : `${notifications.totalCount} notifications`}, 0 unread` }).waitFor();
    expect(await page.locator('li.notification.unread').count()).toBe(0);
    await h.screenshot(page, 'intel-notifications-page');

    // removing the watch
    await nav(page).getByRole('link', { name: 'Watchlist' }).click();
    await page.getByRole('button', { name: 'Remove watch.me@outlook.com' }).click();
    await page.getByText('Nothing watched yet.').waitFor();
    expect(await h.t.sql(`SELECT id FROM watchlist_entry WHERE organisation_id = $1`, [p.orgB.id])).toEqual([]);
  }, 120_000);
});
