import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { parseGlobalId, toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { Role } from '../../libs/domain/src/index.js';
import { FORM_FIELDS } from '../../libs/takedown/src/index.js';
import { PASSWORD, userFor } from '../factories/alliance.factory.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, cells, descriptionOf } from '../support/browser.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The status badge in the request page's details. */
const statusOf = (page: Page) => page.getByRole('region', { name: 'Request' }).locator('dd .badge').first();

// Issue 16, outcome 9 (first part): the coordinators' marketplaces, the member's filing form with
// listing URLs read as typed, the requests list, the review queue and the decision screen.
describe('notice and takedown (browser)', () => {
  let h: BrowserHarness;
  let brand: { name: string; office: string; number: string };
  let requestUrl: string;

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: { intel: false } });
    const [row] = await h.t.sql(
      `SELECT b.name, t.office, t.registration_number AS number FROM app_user u JOIN brand b ON b.organisation_id = u.organisation_id
         JOIN trademark t ON t.brand_id = b.id AND t.verification_status = 'VERIFIED' AND (t.expires_on IS NULL OR t.expires_on > now())
        WHERE u.email = $1 ORDER BY b.name, t.registration_number LIMIT 1`,
      [DEMO_USERS.memberAdmin],
    );
    brand = row;
  });
  afterAll(() => h?.close());

  it('lets the coordinator add a marketplace read by templates, with its errors on their fields, then retire it', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Marketplaces' }).click();
    await page.getByRole('heading', { name: 'Marketplaces', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Marketplaces' });
    await table.locator('tbody tr').filter({ hasText: 'Taobao' }).getByText('taobao', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add marketplace' }).click();
    const form = page.getByRole('form', { name: 'Add a marketplace' });
    await form.getByLabel('Name').fill('Orchid Bazaar');
    const domains = form.getByLabel('Domains');
    await domains.fill('www.orchid-bazaar.example');
    await form.getByLabel('Listing template').fill('/p/{id}');
    await form.getByLabel('Store template').fill('/s/{id}');
    await form.getByLabel('Jurisdiction').fill('CN');
    await form.getByLabel('Abuse e-mail').fill('ip@orchid-bazaar.example');
    await form.getByLabel('Webhook URL').fill('https://hooks.orchid-bazaar.example/takedowns');
    await form.getByLabel('Seller’s counter-notice window').fill('5');
    await form.getByLabel('Trusted complainants’ requests skip the queue', { exact: false }).check();
    await form.getByRole('button', { name: 'Add marketplace' }).click();
    // the API names domains.0: the message is the Domains field's
    await page.getByText('www.orchid-bazaar.example is not a registrable domain').waitFor();
    expect(await descriptionOf(domains)).toContain('not a registrable domain');
    expect(await domains.getAttribute('aria-invalid')).toBe('true');

    await domains.fill('orchid-bazaar.example');
    await form.getByRole('button', { name: 'Add marketplace' }).click();
    const row = table.locator('tbody tr').filter({ hasText: 'Orchid Bazaar' });
    await row.waitFor();
    const [name, reads, jurisdiction, windows, abuse, reviewers, webhook, status] = (await row.getByRole('cell').allTextContents());
    expect({ name, reads, jurisdiction, windows, abuse, reviewers, webhook, status }).toEqual({
      name: 'Orchid Bazaar', reads: 'orchid-bazaar.examplelisting /p/{id}, store /s/{id}', jurisdiction: 'CN', windows: '5 + 10 days', abuse: 'ip@orchid-bazaar.example',
      reviewers: 'the coordinators', webhook: 'Yes', status: 'Active',
    });
    await h.screenshot(page, 'takedown-marketplaces');

    await row.getByRole('button', { name: 'Edit Orchid Bazaar' }).click();
    const edit = page.getByRole('form', { name: 'Edit Orchid Bazaar' });
    expect(await edit.getByLabel('Webhook URL').inputValue()).toBe('https://hooks.orchid-bazaar.example/takedowns');
    // the coordinators configure the receiver with the secret deliveries are signed with
    const [{ webhook_secret: secret }] = await h.t.sql(`SELECT webhook_secret FROM marketplace WHERE name = 'Orchid Bazaar'`);
    await edit.getByText(secret).waitFor();
    await edit.getByLabel('Abuse e-mail').fill('takedowns@orchid-bazaar.example');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await row.getByRole('cell', { name: 'takedowns@orchid-bazaar.example' }).waitFor();

    await row.getByRole('button', { name: 'Retire' }).click();
    await row.getByRole('button', { name: 'Yes, retire' }).click();
    await row.getByRole('cell', { name: 'Retired' }).waitFor();
    expect(await h.t.sql(`SELECT status, abuse_email, allows_trusted FROM marketplace WHERE name = 'Orchid Bazaar'`)).toEqual([{ status: 'RETIRED', abuse_email: 'takedowns@orchid-bazaar.example', allows_trusted: true }]);
  });

  it('a member files through the form: URLs read as typed, an unknown marketplace and a refused row shown on their rows, then the request page', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    await page.getByRole('heading', { name: 'Takedown requests', level: 1 }).waitFor();
    expect(await nav(page).getByRole('link', { name: 'Review queue' }).count()).toBe(0);
    await page.getByRole('link', { name: 'New request' }).click();
    const form = page.getByRole('form', { name: 'New takedown request' });
    await form.waitFor();
    await form.getByLabel('Brand').selectOption({ label: brand.name });
    await form.getByLabel('Right cited').selectOption({ label: `Trademark ${brand.office} ${brand.number}` });
    expect(await form.getByLabel('Reason').inputValue()).toBe('COUNTERFEIT');
    await form.getByLabel('Statement').fill('Copies of our flagship line sold at a fifth of the price.');

    const first = form.getByLabel('URL of listing 1', { exact: true });
    await first.pressSequentially('https://item.taobao.com/item.htm?id=123456', { delay: 10 });
    await form.locator('tr[data-row="1"] output').filter({ hasText: 'Taobao · listing 123456' }).waitFor();
    expect(await descriptionOf(first)).toBe('Taobao · listing 123456');

    // a price that is no number is said on its row before anything is sent
    const price = form.getByLabel('Price of listing 1');
    await price.fill('about 20');
    expect(await descriptionOf(price)).toBe('A price is a number, e.g. 19.90');
    await price.fill('');
    expect(await price.getAttribute('aria-invalid')).toBeNull();

    await form.getByRole('button', { name: 'Add listing' }).click();
    const second = form.getByLabel('URL of listing 2', { exact: true });
    await second.pressSequentially('https://fakes.example/item/9', { delay: 10 });
    const unknown = form.locator('tr[data-row="2"] output').filter({ hasText: 'Not an address of a marketplace the alliance works with' });
    await unknown.waitFor();
    expect(await unknown.textContent()).toContain('Taobao');
    expect(await second.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(first)).toBe('Taobao · listing 123456');

    // the same listing twice: the API refuses listings.1.url, shown on the second row
    await second.fill('https://item.taobao.com/item.htm?id=123456&spm=a1');
    await form.locator('tr[data-row="2"] output').filter({ hasText: 'Taobao · listing 123456' }).waitFor();
    await form.getByRole('button', { name: 'File request' }).click();
    await form.locator('tr[data-row="2"]').getByText('The same listing as listing 1').waitFor();
    expect(await descriptionOf(second)).toContain('The same listing as listing 1');
    expect(await h.t.sql(`SELECT id FROM takedown_request WHERE channel = 'PORTAL'`)).toEqual([]);

    await second.fill('https://item.taobao.com/item.htm?id=123457');
    // changed, the row no longer carries the API's old message
    expect(await form.locator('tr[data-row="2"]').getByText('The same listing as listing 1').count()).toBe(0);
    await form.getByLabel('Store name of listing 2').fill('Shiny Deals');
    await form.getByLabel('Price of listing 2').fill('19.90');
    await form.getByLabel('Currency of listing 2').fill('cny');
    await form.locator('tr[data-row="2"] output').filter({ hasText: 'Taobao · listing 123457' }).waitFor();
    // a screenshot of the second listing, uploaded when chosen
    const shot = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'); // a 1×1 PNG
    await form.getByLabel('Screenshots of listing 2').setInputFiles({ name: 'listing-2.png', mimeType: 'image/png', buffer: shot });
    await form.getByRole('list', { name: 'Screenshots of listing 2' }).getByText('listing-2.png').waitFor();
    await h.screenshot(page, 'takedown-filing');
    // a double click files once: the form's client key
    await form.getByRole('button', { name: 'File request' }).dblclick();
    await page.waitForURL(/\/takedown\/[^/]+$/);
    await page.getByRole('heading', { name: `Takedown: ${brand.name} on Taobao` }).waitFor();
    expect(await statusOf(page).textContent()).toBe('Submitted');
    requestUrl = new URL(page.url()).pathname;
    const filed = await h.t.sql(`SELECT channel, client_key, listing_count FROM takedown_request`);
    expect(filed).toEqual([{ channel: 'PORTAL', client_key: expect.stringMatching(/^portal-[0-9a-f]{32}$/), listing_count: 2 }]);
    const listings = await cells(page.getByRole('table', { name: 'Listings' }));
    expect(listings.map((l) => l.slice(0, 5))).toEqual([
      ['1', 'https://item.taobao.com/item.htm?id=123456', '123456', '—', '—'],
      ['2', 'https://item.taobao.com/item.htm?id=123457', '123457', 'Shiny Deals', '19.90 CNY'],
    ]);
    // the screenshot shows on its listing, loaded with the member's session
    const picture = page.getByRole('img', { name: 'Screenshot listing-2.png of listing 2' });
    await picture.waitFor();
    await page.waitForFunction((img) => {
      const loaded = img as unknown as { complete: boolean; naturalWidth: number };
      return loaded.complete && loaded.naturalWidth === 1;
    }, await picture.elementHandle());

    // the member's list shows it with its countdown
    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    const list = page.getByRole('table', { name: 'Takedown requests' });
    const row = list.locator('tbody tr').filter({ hasText: brand.name });
    await row.waitFor();
    const [status, marketplace, , count] = await row.getByRole('cell').allTextContents();
    expect({ status, marketplace, count }).toEqual({ status: 'Submitted', marketplace: 'Taobao', count: '2' });
    expect(await row.getByText(/^2[34] h \d+ min left$/).count()).toBe(1);
  });

  it('the coordinator asks for information from the queue, the member answers, the coordinator accepts with outcomes (a late decision is a CONFLICT); the seller counter-notifies through the notice’s link, the member answers, the coordinator upholds', async () => {
    const coordinator = await h.page();
    await h.signIn(coordinator, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(coordinator).getByRole('link', { name: 'Review queue' }).click();
    await coordinator.getByRole('heading', { name: 'Review queue', level: 1 }).waitFor();
    await coordinator.getByLabel('Marketplace').selectOption({ label: 'Taobao' });
    const queue = coordinator.getByRole('table', { name: 'Review queue' });
    const row = queue.locator('tbody tr').filter({ hasText: brand.name });
    await row.getByText(/h \d+ min left$/).waitFor();
    await h.screenshot(coordinator, 'takedown-queue');
    await row.getByRole('link', { name: 'Open' }).click();
    await coordinator.waitForURL((url) => url.pathname === requestUrl);

    const ask = coordinator.getByRole('form', { name: 'Ask for information' });
    await ask.getByLabel('What is missing').fill('Which product line do the listings copy?');
    await ask.getByRole('button', { name: 'Ask for information' }).click();
    await statusOf(coordinator).filter({ hasText: 'Needs information' }).waitFor();
    await coordinator.getByRole('region', { name: 'Request' }).getByText('paused', { exact: true }).waitFor();
    expect(await coordinator.getByRole('form', { name: 'Accept' }).count()).toBe(0);

    const member = await h.page();
    await h.signIn(member, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(member).getByRole('link', { name: 'Takedowns' }).waitFor();
    await member.goto(requestUrl);
    const answer = member.getByRole('form', { name: 'Provide information' });
    await answer.getByLabel('Your answer').fill('The Aurora line, launched in March.');
    await answer.getByRole('button', { name: 'Provide information' }).click();
    await statusOf(member).filter({ hasText: 'Under review' }).waitFor();

    // two coordinator tabs: the first accepts, the second, still showing the request under review, is told it is too late
    await coordinator.reload();
    const late = await h.page();
    await h.signIn(late, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(late).getByRole('link', { name: 'Review queue' }).waitFor();
    await late.goto(requestUrl);
    await late.getByRole('form', { name: 'Reject' }).waitFor();

    const accept = coordinator.getByRole('form', { name: 'Accept' });
    await accept.getByLabel('Outcome of listing 2').selectOption({ label: 'Already gone' });
    await accept.getByRole('button', { name: 'Accept' }).click();
    await statusOf(coordinator).filter({ hasText: 'Accepted' }).waitFor();
    const outcomes = (await cells(coordinator.getByRole('table', { name: 'Listings' }))).map((l) => l[5]);
    expect(outcomes).toEqual(['Removed', 'Already gone']);
    const history = (await cells(coordinator.getByRole('table', { name: 'History' }))).map(([, step, by, , note]) => `${step} / ${by} / ${note}`);
    expect(history).toEqual([
      'Filed / Rights holder / ',
      'Ask for information / Reviewer / Which product line do the listings copy?',
      'Provide information / Rights holder / The Aurora line, launched in March.',
      'Accept / Reviewer / ',
    ]);
    await h.screenshot(coordinator, 'takedown-accepted');

    await late.getByRole('form', { name: 'Reject' }).getByRole('button', { name: 'Reject' }).click();
    await late.getByRole('alert').filter({ hasText: 'The request is shown as it is now.' }).waitFor();
    await statusOf(late).filter({ hasText: 'Accepted' }).waitFor();
    expect(await late.getByRole('form', { name: 'Reject' }).count()).toBe(0);
    expect(await h.t.sql(`SELECT status FROM takedown_request`)).toEqual([{ status: 'ACCEPTED' }]);

    // the member sees the outcomes too
    await member.reload();
    await statusOf(member).filter({ hasText: 'Accepted' }).waitFor();
    expect((await cells(member.getByRole('table', { name: 'Listings' }))).map((l) => l[5])).toEqual(['Removed', 'Already gone']);
    await member.getByRole('region', { name: 'Counter-notice' }).getByText('The seller may counter-notify until').waitFor();
    expect(await member.getByRole('region', { name: 'Counter-notice' }).getByRole('link').count()).toBe(0);

    // the seller, without an account, counter-notifies through the removal notice's link the deciders see
    const link = await coordinator.getByRole('region', { name: 'Counter-notice' }).getByRole('link').getAttribute('href');
    expect(link).toMatch(/\/counter-notice\/[^/?]+\?token=/);
    const seller = await h.page();
    await seller.goto(new URL(link!).pathname + new URL(link!).search);
    await seller.getByRole('heading', { name: 'Removal on Taobao' }).waitFor();
    const notice = seller.getByRole('form', { name: 'Counter-notice' });
    await notice.getByLabel('Why the removal is wrong').selectOption({ label: 'The goods are genuine' });
    await notice.getByLabel('Statement').fill('These are genuine goods bought from the brand’s own distributor in Shenzhen.');
    await notice.getByLabel('Your name').fill('Li Wei');
    await notice.getByLabel('Your e-mail').fill('li.wei@shiny-deals.example');
    await notice.getByLabel('Links to evidence').fill('https://shiny-deals.example/invoice-2211.pdf');
    await h.screenshot(seller, 'takedown-counter-notice');
    await notice.getByRole('button', { name: 'Send counter-notice' }).click();
    await seller.getByRole('status').filter({ hasText: 'Your counter-notice was received' }).waitFor();
    expect(await h.t.sql(`SELECT status FROM takedown_request`)).toEqual([{ status: 'COUNTER_NOTICED' }]);

    // the rights holder is told, and the notification leads to the request
    await member.goto('/takedown');
    await member.getByRole('button', { name: /Notifications/ }).click();
    await member.getByRole('region', { name: 'Latest notifications' }).getByRole('link', { name: /^A seller counter-noticed a removal on Taobao/ }).click();
    await member.waitForURL((url) => url.pathname === requestUrl);

    // the rights holder answers within its window; the coordinator upholds the removal
    await member.reload();
    await statusOf(member).filter({ hasText: 'Counter-noticed' }).waitFor();
    const counter = member.getByRole('region', { name: 'Counter-notice' });
    await counter.getByText('These are genuine goods bought from the brand’s own distributor in Shenzhen.').waitFor();
    const reply = counter.getByRole('form', { name: 'Answer the counter-notice' });
    await reply.getByLabel('Your answer').fill('Our distributor has never supplied this store; test purchase attached to the case.');
    await reply.getByLabel('We have started legal action against the seller').check();
    await reply.getByRole('button', { name: 'Send answer' }).click();
    await counter.getByText('legal action started', { exact: false }).waitFor();
    expect(await counter.getByRole('form').count()).toBe(0);

    await coordinator.reload();
    await statusOf(coordinator).filter({ hasText: 'Counter-noticed' }).waitFor();
    await coordinator.getByRole('region', { name: 'Counter-notice' }).getByText('Our distributor has never supplied this store', { exact: false }).waitFor();
    await coordinator.getByRole('form', { name: 'Reinstate' }).waitFor();
    const uphold = coordinator.getByRole('form', { name: 'Uphold' });
    await uphold.getByLabel('Why').fill('The rights holder showed the store is not a distributor.');
    await uphold.getByRole('button', { name: 'Uphold' }).click();
    await statusOf(coordinator).filter({ hasText: 'Upheld' }).waitFor();
    expect(await coordinator.getByRole('region', { name: 'Decide' }).count()).toBe(0);
  });

  it('shows the SLA figures of the requests the caller may see (per month with a chart, and by marketplace) and exports the notice archive', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    await page.getByRole('link', { name: 'SLA figures' }).click();
    await page.getByRole('heading', { name: 'SLA figures', level: 1 }).waitFor();
    await page.getByRole('img', { name: 'Share processed within the SLA per month, as a chart' }).waitFor();
    const month = new Date().toISOString().slice(0, 7);
    const [row] = await cells(page.getByRole('table', { name: 'SLA figures per month' }));
    expect(row.slice(0, 2)).toEqual([month, '1']);
    const [marketplace] = await cells(page.getByRole('table', { name: 'Figures by marketplace' }));
    expect(marketplace.slice(0, 2)).toEqual(['Taobao', '1']);
    await h.screenshot(page, 'takedown-figures');

    // the notice archive: a period the wrong way round is refused on its date; the right one downloads the CSV
    const archive = page.getByRole('form', { name: 'Notice archive' });
    const until = archive.getByLabel('Until (not included)');
    await until.fill('2020-01-01');
    await archive.getByRole('button', { name: 'Download the archive' }).click();
    await archive.getByText('to comes after from').waitFor();
    expect(await descriptionOf(until)).toBe('to comes after from');
    const next = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
    await until.fill(next);
    const [download] = await Promise.all([page.waitForEvent('download'), archive.getByRole('button', { name: 'Download the archive' }).click()]);
    expect(download.suggestedFilename()).toBe(`demo-takedown-notices-${month}-01-to-${next}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain('notice_id,type,date_sent');
    expect(csv).toContain('https://item.taobao.com/item.htm?id=123457');
  });

  it('shows complainants’ standing: the coordinator sees every complainant, the member’s admin its own and withholds its name from the archive', async () => {
    const coordinator = await h.page();
    await h.signIn(coordinator, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(coordinator).getByRole('link', { name: 'Takedowns' }).click();
    await coordinator.getByRole('link', { name: 'Complainants' }).click();
    const table = coordinator.getByRole('table', { name: 'Complainants' });
    const row = table.locator('tbody tr').filter({ hasText: 'Zhenlan' });
    await row.waitFor();
    const [, requests, accepted] = await row.getByRole('cell').allTextContents();
    expect({ requests, accepted }).toEqual({ requests: '1', accepted: '1 of 1 (100%)' });
    // one request is far from the 50 decided that trust needs
    expect(await row.getByRole('button').count()).toBe(0);

    const member = await h.page();
    await h.signIn(member, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(member).getByRole('link', { name: 'Takedowns' }).click();
    await member.getByRole('link', { name: 'Our standing' }).click();
    await member.getByRole('heading', { name: 'Our standing as a complainant' }).waitFor();
    await member.getByRole('table', { name: 'Complainants' }).locator('tbody tr').first().waitFor();
    expect((await cells(member.getByRole('table', { name: 'Complainants' }))).map((r) => r[0])).toEqual(['Zhenlan Electronics']);
    const withhold = member.getByLabel('Withhold our name from the public notice archive');
    // the box shows what the API holds: checked once the answer is in
    await withhold.click();
    await member.getByRole('region', { name: 'Notice archive' }).locator('input[type="checkbox"]:checked:enabled').waitFor();
    expect(await h.t.sql(`SELECT withhold_name FROM takedown_complainant`)).toEqual([{ withhold_name: true }]);
  });

  it('shows overdue requests in the queue in red with a breached badge, soonest due first', async () => {
    const member = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const [mine] = await h.t.sql(
      `SELECT b.id AS brand, t.id AS trademark FROM brand b JOIN trademark t ON t.brand_id = b.id WHERE b.name = $1 AND t.registration_number = $2`,
      [brand.name, brand.number],
    );
    const file = (id: string) => h.t.ok(`mutation($i: FileTakedownInput!) { fileTakedown(input: $i) { id } }`, {
      i: { brandId: toGlobalId('Brand', mine.brand), trademarkId: toGlobalId('Trademark', mine.trademark), reason: 'COUNTERFEIT', listings: [{ url: `https://item.taobao.com/item.htm?id=${id}` }] },
    }, member);
    const late = parseGlobalId((await file('880001')).fileTakedown.id)!.uuid;
    await file('880002');
    await h.t.sql(`UPDATE takedown_request SET submitted_at = now() - interval '26 hours', due_at = now() - interval '2 hours' WHERE id = $1`, [late]);

    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Review queue' }).click();
    const table = page.getByRole('table', { name: 'Review queue' });
    await table.locator('tbody tr').nth(1).waitFor();
    const rows = await cells(table);
    expect(rows.map((r) => r[0])).toEqual([expect.stringMatching(/^breached overdue by 2 h [0-5]?\d min$/), expect.stringMatching(/^2[34] h \d+ min left$/)]);
    expect(await table.locator('tbody tr').first().getAttribute('class')).toBe('overdue');
    await h.screenshot(page, 'takedown-queue-overdue');
  });

  it('files from a CSV: the job’s progress, then every row’s result, a refused row with its column; the same file again files nothing twice', async () => {
    const csv = [
      'brand,right,reason,url,price,currency',
      `${brand.name},${brand.number},COUNTERFEIT,https://item.taobao.com/item.htm?id=990001,12.50,CNY`,
      `${brand.name},${brand.number},COUNTERFEIT,https://item.taobao.com/item.htm?id=990002,,`,
      'Nobrand,123,COUNTERFEIT,https://item.taobao.com/item.htm?id=990003,,',
    ].join('\n');
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    await page.getByRole('link', { name: 'File from a CSV' }).click();
    const upload = async () => {
      const form = page.getByRole('form', { name: 'Upload a CSV' });
      await form.getByLabel('CSV file').setInputFiles({ name: 'sweep.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await form.getByRole('button', { name: 'Upload and file' }).click();
    };
    await upload();
    const result = page.getByRole('region', { name: 'Results of sweep.csv' });
    await result.getByRole('status').filter({ hasText: 'Done: 3 rows read, 2 filed in 1 request, 1 refused' }).waitFor();
    const rows = await cells(result.getByRole('table', { name: 'Row results' }));
    expect(rows.map((r) => r.slice(0, 3))).toEqual([['2', 'Filed', ''], ['3', 'Filed', ''], ['4', 'Refused', 'brand']]);
    expect(rows[2][3]).toContain('Nobrand');
    await result.getByLabel('Refused rows only').check();
    await result.getByRole('table', { name: 'Row results' }).locator('tbody tr').filter({ hasText: 'Filed' }).waitFor({ state: 'detached' });
    expect((await cells(result.getByRole('table', { name: 'Row results' }))).map((r) => r[0])).toEqual(['4']);
    await h.screenshot(page, 'takedown-bulk');
    await result.getByRole('table', { name: 'Row results' }).waitFor();

    await upload();
    await page.getByRole('table', { name: 'Uploads' }).locator('tbody tr').nth(1).waitFor();
    await page.getByRole('region', { name: 'Results of sweep.csv' }).getByRole('status').filter({ hasText: /^Done: 3 rows read/ }).waitFor();
    expect(await h.t.sql(`SELECT listing_count FROM takedown_request WHERE channel = 'BULK_CSV'`)).toEqual([{ listing_count: 2 }]);
  });

  it('files with a PDF form: the form downloaded for a brand, filled in a reader, refused with the fields still to fill in, then filed', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    await page.getByRole('link', { name: 'File with a PDF form' }).click();
    const choose = page.getByRole('region', { name: 'Download a form' });
    await choose.getByLabel('Brand').locator('option', { hasText: brand.name }).waitFor({ state: 'attached' });
    await choose.getByLabel('Brand').selectOption({ label: brand.name });
    const [download] = await Promise.all([page.waitForEvent('download'), choose.getByRole('button', { name: 'Download the PDF form' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^takedown-form-[a-z0-9-]+\.pdf$/);
    const blank = readFileSync((await download.path())!);

    // as a PDF reader fills it: the listing and the right, but neither the signatory nor the declaration
    const doc = await PDFDocument.load(blank);
    const fields = doc.getForm();
    fields.getDropdown(FORM_FIELDS.right).select(`${brand.office} trademark ${brand.number}`);
    fields.getDropdown(FORM_FIELDS.reason).select('COUNTERFEIT');
    fields.getTextField(FORM_FIELDS.listing(1)).setText('https://item.taobao.com/item.htm?id=995001');
    const half = Buffer.from(await doc.save());
    const upload = async (pdf: Buffer) => {
      const form = page.getByRole('form', { name: 'Upload a filled form' });
      await form.getByLabel('Filled form (PDF)').setInputFiles({ name: 'filled.pdf', mimeType: 'application/pdf', buffer: pdf });
      await form.getByRole('button', { name: 'Upload and file' }).click();
    };
    await upload(half);
    const problems = page.getByRole('region', { name: 'What to correct in the form' });
    await problems.waitFor();
    expect((await problems.locator('li').allTextContents())).toEqual(['Name of the signatory: still to fill in', 'Good-faith declaration: still to fill in']);
    expect(await h.t.sql(`SELECT id FROM takedown_request WHERE channel = 'PDF_FORM'`)).toEqual([]);

    fields.getTextField(FORM_FIELDS.signatory).setText('Zhenlan Admin');
    fields.getCheckBox(FORM_FIELDS.goodFaith).check();
    await upload(Buffer.from(await doc.save()));
    const filed = page.getByRole('region', { name: 'Filed from the form' });
    await filed.getByRole('link', { name: 'Request with 1 listing' }).click();
    await page.waitForURL(/\/takedown\/[^/]+$/);
    expect(await statusOf(page).textContent()).toBe('Submitted');
    await page.getByRole('link', { name: 'https://item.taobao.com/item.htm?id=995001' }).waitFor();
    expect(await h.t.sql(`SELECT channel FROM takedown_request WHERE channel = 'PDF_FORM'`)).toEqual([{ channel: 'PDF_FORM' }]);
  });

  it('an agent files for the brand a rights holder authorised it for: the brand under its principal, its rights read when chosen', async () => {
    const [org] = await h.t.sql(
      `SELECT o.id, o.name, o.alliance_id FROM organisation o JOIN membership m ON m.organisation_id = o.id WHERE o.kind = 'AUTHORISED_AGENT' AND m.status = 'ACTIVE' ORDER BY o.name LIMIT 1`,
    );
    const agent = await userFor(h.t, org.alliance_id, org.id, Role.MEMBER_ADMIN, 'filer@agent.test');
    const admin = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    const letter = (await h.t.ok(`mutation($i: UploadEvidenceFileInput!) { uploadEvidenceFile(input: $i) { id } }`, {
      i: { fileName: 'authorisation.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('%PDF-1.4 authorisation').toString('base64') },
    }, admin)).uploadEvidenceFile.id;
    const [mine] = await h.t.sql(`SELECT b.id FROM brand b WHERE b.name = $1`, [brand.name]);
    await h.t.ok(`mutation($i: AuthoriseAgentInput!) { authoriseAgent(input: $i) { id } }`, {
      i: { agentOrganisationId: toGlobalId('Organisation', org.id), brandIds: [toGlobalId('Brand', mine.id)], expiresOn: '2030-12-31', letterFileId: letter },
    }, admin);

    const page = await h.signInHolder(agent, PASSWORD, 'Takedowns');
    await page.goto('/takedown/new');
    const form = page.getByRole('form', { name: 'New takedown request' });
    await form.locator('optgroup[label^="As agent for"] option', { hasText: brand.name }).waitFor({ state: 'attached' });
    await form.getByLabel('Brand').selectOption({ label: brand.name });
    const right = `Trademark ${brand.office} ${brand.number}`;
    await form.getByLabel('Right cited').locator('option', { hasText: right }).waitFor({ state: 'attached' });
    await form.getByLabel('Right cited').selectOption({ label: right });
    await form.getByLabel('URL of listing 1', { exact: true }).fill('https://item.taobao.com/item.htm?id=770001');
    await form.getByRole('button', { name: 'File request' }).click();
    await page.waitForURL(/\/takedown\/[^/]+$/);
    await page.getByRole('region', { name: 'Request' }).getByText(org.name, { exact: true }).waitFor();
    expect(await statusOf(page).textContent()).toBe('Submitted');
    const [filed] = await h.t.sql(`SELECT r.agent_organisation_id, o.name FROM takedown_request r JOIN organisation o ON o.id = r.organisation_id JOIN takedown_listing l ON l.request_id = r.id WHERE l.url LIKE '%770001'`);
    expect(filed).toEqual({ agent_organisation_id: org.id, name: 'Zhenlan Electronics' });
  });
});

describe('the demo reviewer’s day (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('lands on Lotusmart’s queue by due time, the overdue request first, sees the one waiting on the rights holder paused, and decides the overdue one late', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Review queue' }).click();
    const table = page.getByRole('table', { name: 'Review queue' });
    await table.locator('tbody tr').nth(4).waitFor();
    const rows = await cells(table);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['Lotusmart']));
    // the reviewer filters by its own marketplaces only
    await page.getByLabel('Marketplace').locator('option', { hasText: 'Lotusmart' }).waitFor({ state: 'attached' });
    expect(await page.getByLabel('Marketplace').locator('option').allTextContents()).toEqual(['All', 'Lotusmart']);
    expect(rows[0][0]).toMatch(/^breached overdue by /);
    expect(rows.slice(1).every((r) => /left$/.test(r[0]))).toBe(true);
    expect(rows.map((r) => r[1])).toContain('Under review');
    await h.screenshot(page, 'takedown-reviewer-queue');

    await nav(page).getByRole('link', { name: 'Takedowns' }).click();
    await page.getByLabel('Status').selectOption({ label: 'Needs information' });
    const waiting = page.getByRole('table', { name: 'Takedown requests' }).locator('tbody tr').first();
    await waiting.getByText('paused', { exact: true }).waitFor();

    await nav(page).getByRole('link', { name: 'Review queue' }).click();
    await table.locator('tbody tr').first().getByRole('link', { name: 'Open' }).click();
    await page.getByRole('form', { name: 'Start review' }).waitFor();
    await page.getByRole('form', { name: 'Accept' }).getByRole('button', { name: 'Accept' }).click();
    await statusOf(page).filter({ hasText: 'Accepted' }).waitFor();
    await page.getByRole('region', { name: 'Request' }).getByText('decided late').waitFor();
    // Lotusmart's reviewers work inside Countermark: nothing is sent to it
    expect(await page.getByRole('region', { name: 'Deliveries' }).count()).toBe(0);
  });
  it('sees the demo’s flagged repeat infringer on its next queued listing: the repeat offence and the store’s three strikes', async () => {
    const [{ id }] = await h.t.sql(
      `SELECT r.id FROM takedown_request r JOIN takedown_listing l ON l.alliance_id = r.alliance_id AND l.request_id = r.id
        WHERE l.store_id = 'lm_repeat_store' AND r.decided_at IS NULL`,
    );
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.platformReviewer, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Review queue' }).waitFor();
    await page.goto(`/takedown/${encodeURIComponent(toGlobalId('TakedownRequest', id))}`);
    const listing = page.getByRole('table', { name: 'Listings' }).locator('tbody tr').first();
    await listing.getByText('Repeat infringer: 3 strikes').waitFor();
    await listing.getByText('repeat offence').waitFor();
    expect(await listing.getByText('through related stores').count()).toBe(0); // its strikes are its own
  });
});
