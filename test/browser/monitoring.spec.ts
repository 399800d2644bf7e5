import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { parseGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, cells, descriptionOf } from '../support/browser.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const ALERTS = `query($status: AlertStatus) { alerts(status: $status, first: 100) { totalCount edges { node { id score brandId listing { listingId title url } reasons { kind networks { id } hiddenNetworks } } } } }`;

// Issue 17, outcome 7 (first two items): the member's alerts inbox over the demo's monitoring feed,
// triage (dismiss with a reason, file a takedown in one step) and the rules editor with its preview.
describe('proactive monitoring (browser)', () => {
  let h: BrowserHarness;
  let admin: string;
  let brand: { id: string; name: string };

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
    admin = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    [brand] = await h.t.sql<{ id: string; name: string }>(
      `SELECT DISTINCT b.id, b.name FROM monitoring_rule r JOIN brand b ON b.id = r.brand_id JOIN app_user u ON u.organisation_id = b.organisation_id WHERE u.email = $1`,
      [DEMO_USERS.memberAdmin],
    );
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  const signedIn = async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Monitoring' }).click();
    return page;
  };

  it('shows the open alerts by score with their reasons and weights; a dismissal with its reason leaves the open list, a takedown filed from another opens its request', async () => {
    const open = (await h.t.ok(ALERTS, { status: 'NEW' }, admin)).alerts;
    expect(open.totalCount).toBeGreaterThan(2);
    const page = await signedIn();
    await page.getByRole('heading', { name: 'Monitoring alerts', level: 1 }).waitFor();
    // the page's address is the web client's, not the feed's API (/monitoring/listings.ndjson): a reload stays on it
    expect(new URL(page.url()).pathname).toBe('/monitoring/alerts');
    await page.reload();
    await page.getByRole('heading', { name: 'Monitoring alerts', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Alerts' });
    await page.getByText(`${open.totalCount} alerts`, { exact: true }).waitFor();
    await table.locator('tbody tr').first().waitFor();

    // highest score first, as the API ranks them; each with its listing, marketplace, seller, price and reasons
    const rows = await cells(table);
    const shown = Math.min(25, open.totalCount);
    expect(rows).toHaveLength(shown);
    expect(rows.map((r) => Number(r[0]))).toEqual(open.edges.slice(0, shown).map((e: any) => e.node.score));
    const [score, listing, marketplace, seller, price, reasons] = rows[0];
    const top = open.edges[0].node;
    expect({ score, marketplace }).toEqual({ score: String(top.score), marketplace: 'Taobao' });
    expect(listing).toContain(top.listing.title);
    expect(listing).toContain(brand.name);
    expect(seller).toMatch(/^Store /);
    expect(price).toMatch(/^CNY \d+\.\d{2}/);
    expect(reasons).toMatch(/^\d+ /);
    // a seller the alliance's intelligence knows: a network the member may see is linked, one it may not is counted
    const page1 = open.edges.slice(0, shown).map((e: any) => e.node);
    const named = page1.find((a: any) => a.reasons.some((r: any) => r.kind === 'SELLER_IN_NETWORK' && r.networks.length));
    expect(named).toBeDefined();
    const namedRow = table.locator(`tr[data-alert="${named.listing.listingId}"]`);
    const reasonItem = namedRow.getByRole('listitem').filter({ hasText: 'Seller in a counterfeiter network' });
    expect(await reasonItem.getByRole('link', { name: /^network of \d+ reports?$/ }).count()).toBe(named.reasons.find((r: any) => r.kind === 'SELLER_IN_NETWORK').networks.length);
    expect(await reasonItem.getByLabel('weight 45').count()).toBe(1);
    const hidden = page1.find((a: any) => a.reasons.some((r: any) => r.hiddenNetworks > 0));
    if (hidden) await table.locator(`tr[data-alert="${hidden.listing.listingId}"]`).getByText(/networks? you may not see/).first().waitFor();
    const figures = page.getByRole('region', { name: 'Alert figures' });
    await figures.getByText('Open', { exact: true }).waitFor();
    await h.screenshot(page, 'monitoring-alerts');

    // dismiss the last of the page: without a reason the API refuses it on the reason's box
    const dismissed = open.edges[shown - 1].node;
    const row = table.locator(`tr[data-alert="${dismissed.listing.listingId}"]`);
    await row.getByRole('button', { name: 'Dismiss…' }).click();
    const form = row.getByRole('form', { name: 'Dismiss' });
    const why = form.getByLabel('Why dismiss it');
    await form.getByRole('button', { name: 'Dismiss' }).click();
    await page.waitForFunction((el) => el?.getAttribute('aria-invalid') === 'true', await why.elementHandle());
    expect(await descriptionOf(why)).toMatch(/reason/i);
    await why.fill('Authorised reseller in Shenzhen');
    await form.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('status').filter({ hasText: `Dismissed “${dismissed.listing.title}”` }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByText(`${open.totalCount - 1} alerts`, { exact: true }).waitFor();
    expect(await h.t.sql(`SELECT status, dismiss_reason FROM monitoring_alert WHERE id = $1`, [parseGlobalId(dismissed.id)!.uuid]))
      .toEqual([{ status: 'DISMISSED', dismiss_reason: 'Authorised reseller in Shenzhen' }]);
    // it is in the dismissed list, with its reason
    await page.getByLabel('Status').selectOption({ label: 'Dismissed' });
    await table.locator(`tr[data-alert="${dismissed.listing.listingId}"]`).getByText('Authorised reseller in Shenzhen').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Open' });

    // file a takedown from the top alert, citing the brand's verified trademark offered first
    const filedRow = table.locator(`tr[data-alert="${top.listing.listingId}"]`);
    const fileForm = filedRow.getByRole('form', { name: `File a takedown for ${top.listing.title}` });
    expect(await fileForm.textContent()).toMatch(/Citing Trademark |Right citedTrademark /);
    await fileForm.getByRole('button', { name: 'File takedown' }).click();
    const notice = page.getByRole('status').filter({ hasText: `Filed a takedown request for “${top.listing.title}”` });
    await notice.waitFor();
    await filedRow.waitFor({ state: 'detached' });
    const [request] = await h.t.sql(`SELECT r.id, r.channel, r.client_key, a.status FROM monitoring_alert a JOIN takedown_request r ON r.id = a.takedown_request_id WHERE a.id = $1`, [parseGlobalId(top.id)!.uuid]);
    expect(request).toMatchObject({ channel: 'API', client_key: `alert:${parseGlobalId(top.id)!.uuid}`, status: 'FILED' });
    await notice.getByRole('link', { name: 'Open the takedown request' }).click();
    await page.waitForURL(/\/takedown\/[^/]+$/);
    await page.getByRole('heading', { name: `Takedown: ${brand.name} on Taobao` }).waitFor();
    const filedListings = await cells(page.getByRole('table', { name: 'Listings' }));
    expect(filedListings.map((l) => l[1])).toEqual([top.listing.url]);
    expect(parseGlobalId(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!))!.uuid).toBe(request.id);
  });

  it('opens an enforcement case from an alert: the new-case form shows the alert, the case page lists it and leads back to the inbox', async () => {
    const [alert] = (await h.t.ok(ALERTS, { status: 'NEW' }, admin)).alerts.edges.map((e: any) => e.node);
    const page = await signedIn();
    const table = page.getByRole('table', { name: 'Alerts' });
    const row = table.locator(`tr[data-alert="${alert.listing.listingId}"]`);
    await row.getByRole('link', { name: 'Open an enforcement case' }).click();
    await page.waitForURL(/\/cases\/new\?alert=/);
    expect(new URL(page.url()).searchParams.get('alert')).toBe(alert.id);
    await page.getByRole('heading', { name: 'Open an enforcement case', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Open an enforcement case' });
    await form.getByText('Opened from 1 monitoring alert.').waitFor();
    const shown = form.getByRole('list', { name: 'Monitoring alerts' });
    await shown.getByRole('link', { name: alert.listing.title }).waitFor();
    expect(await shown.getByLabel(`score ${alert.score}`).textContent()).toBe(String(alert.score));
    await form.getByLabel('Title', { exact: true }).fill('The seller behind a monitoring alert');
    await form.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL((url) => /^\/cases\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    await page.getByRole('heading', { name: 'The seller behind a monitoring alert', level: 1 }).waitFor();
    const caseId = parseGlobalId(decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!))!.uuid;
    expect(await h.t.sql(`SELECT kind, target_id FROM enforcement_case_link WHERE case_id = $1`, [caseId])).toEqual([{ kind: 'ALERT', target_id: parseGlobalId(alert.id)!.uuid }]);
    expect(await h.t.sql(`SELECT brand_id FROM enforcement_case_brand WHERE case_id = $1`, [caseId])).toEqual([{ brand_id: parseGlobalId(alert.brandId)!.uuid }]);
    await page.getByRole('definition').filter({ hasText: brand.name }).first().waitFor();

    const openedFrom = page.getByRole('region', { name: 'Opened from' });
    const listed = openedFrom.getByRole('list', { name: 'Monitoring alerts' });
    expect(await listed.getByRole('link', { name: alert.listing.title }).getAttribute('href')).toBe(alert.listing.url);
    await h.screenshot(page, 'case-from-alert');
    await listed.getByRole('link', { name: 'in the alert inbox' }).click();
    await page.getByRole('heading', { name: 'Monitoring alerts', level: 1 }).waitFor();
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ brand: alert.brandId, status: 'ANY' });
    await page.getByRole('table', { name: 'Alerts' }).locator(`tr[data-alert="${alert.listing.listingId}"]`).waitFor();
  });

  it('previews a keyword rule (how many listings it would have matched, and the latest) before saving it', async () => {
    const PREVIEW = `query($i: CreateMonitoringRuleInput!) { monitoringRulePreview(input: $i) { matched } }`;
    const brandId = (await h.t.ok(ALERTS, {}, admin)).alerts.edges[0].node.brandId;
    const { matched } = (await h.t.ok(PREVIEW, { i: { brandId, kind: 'KEYWORD', name: 'Sneakers', terms: ['sneakers'], excludedTerms: ['case for'] } }, admin)).monitoringRulePreview;
    expect(matched).toBeGreaterThan(0);

    const page = await signedIn();
    await page.getByRole('heading', { name: 'Monitoring alerts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Monitoring rules' }).click();
    await page.getByRole('heading', { name: 'Monitoring rules', level: 1 }).waitFor();
    await page.getByLabel('Brand', { exact: true }).selectOption({ label: brand.name });
    const rules = page.getByRole('table', { name: 'Monitoring rules' });
    await rules.getByRole('cell', { name: 'Too cheap to be real', exact: true }).waitFor();
    expect((await cells(rules)).map((r) => r.slice(0, 3))).toEqual([
      ['Brand name', 'Keywords', expect.stringMatching(/^“.+”; not with “case for”, “compatible with”$/)],
      ['Too cheap to be real', 'Price floor', expect.stringMatching(/below CNY 200\.00$/)],
    ]);

    const form = page.getByRole('form', { name: 'New rule' });
    // a pattern is no word: said on its field before anything is asked
    await form.getByLabel('Name', { exact: true }).fill('Sneakers');
    const terms = form.getByLabel('Names and variants');
    await terms.fill('(.*)+');
    await form.getByRole('button', { name: 'Preview' }).click();
    expect(await descriptionOf(terms)).toContain('has no letter or digit');
    await terms.fill('Sneakers');
    await form.getByLabel('Excluded words').fill('case for');
    await form.getByRole('button', { name: 'Preview' }).click();
    const status = form.getByRole('status');
    await status.getByText(matched === 1 ? '1 listing' : `${matched} listings`, { exact: true }).waitFor();
    const sample = await cells(form.getByRole('table', { name: 'Listings the rule would have matched' }));
    expect(sample.length).toBe(Math.min(20, matched));
    expect(sample.every((l) => /sneakers/i.test(l[0]) && l[1] === 'Taobao')).toBe(true);
    expect(await h.t.sql(`SELECT id FROM monitoring_rule WHERE name = 'Sneakers'`)).toEqual([]); // a preview keeps nothing
    await h.screenshot(page, 'monitoring-rules');

    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved the rule “Sneakers”' }).waitFor();
    await rules.getByRole('cell', { name: 'Sneakers', exact: true }).waitFor();
    expect(await h.t.sql(`SELECT kind, terms, excluded_terms FROM monitoring_rule WHERE name = 'Sneakers' AND brand_id = $1`, [brand.id]))
      .toEqual([{ kind: 'KEYWORD', terms: ['sneakers'], excluded_terms: ['case for'] }]);
  });
});
