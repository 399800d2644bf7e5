import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, descriptionOf } from '../support/browser.js';

const like = (s: string) => `%${s.toLowerCase()}%`;

/** The directory's rows as cell texts: organisation, country, status, categories, brands. */
async function rows(page: Page): Promise<string[][]> {
  const body = page.getByRole('table', { name: 'Members' }).locator('tbody tr');
  const out: string[][] = [];
  for (const row of await body.all()) out.push(await row.getByRole('cell').allTextContents());
  return out;
}

/** Waits until the directory says how many members match, then answers its rows. */
async function settled(page: Page, count: number): Promise<string[][]> {
  await page.locator('p.count').filter({ hasText: new RegExp(`^${count} members?\\b`) }).waitFor();
  return rows(page);
}

describe('member directory and member page (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('a coordinator pages through, searches and filters by country, then opens a member with its brands and trademarks', async () => {
    const [{ total }] = await h.t.sql<{ total: number }>(`SELECT count(*)::int AS total FROM membership`);
    expect(total).toBeGreaterThan(20); // so "Load more" has a second page to load

    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { name: 'Member directory' }).waitFor();
    await page.locator('p.count').filter({ hasText: `${total} members, 20 shown` }).waitFor();
    expect(await rows(page)).toHaveLength(20);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.locator('p.count').filter({ hasText: new RegExp(`^${total} members$`) }).waitFor();
    const everyone = await rows(page);
    expect(everyone).toHaveLength(total);
    const names = everyone.map((r) => r[0]);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // a member with brands and trademarks, in the country with the most members
    const [target] = await h.t.sql<{ membership_id: string; name: string; country: string; status: string }>(
      `SELECT m.id AS membership_id, o.name, o.country, m.status FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.status = 'ACTIVE' AND o.country = (SELECT country FROM organisation o2 JOIN membership m2 ON m2.organisation_id = o2.id
                                                   GROUP BY country ORDER BY count(*) DESC, country LIMIT 1)
          AND EXISTS (SELECT 1 FROM brand b JOIN trademark t ON t.brand_id = b.id WHERE b.organisation_id = o.id)
        ORDER BY o.name LIMIT 1`,
    );

    // search by name: what the API's rule (organisation, legal or brand name) finds in the database
    const word = target.name.split(' ')[0];
    const [{ found }] = await h.t.sql<{ found: number }>(
      `SELECT count(*)::int AS found FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE lower(o.name) LIKE $1 OR lower(coalesce(o.legal_name, '')) LIKE $1
           OR EXISTS (SELECT 1 FROM brand b WHERE b.organisation_id = o.id AND lower(b.name) LIKE $1)`,
      [like(word)],
    );
    await page.getByLabel('Search by name').fill(word);
    const searched = await settled(page, found);
    expect(searched.length).toBe(found);
    expect(searched.map((r) => r[0])).toContain(target.name);
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);

    // by country alone
    await page.getByLabel('Search by name').fill('');
    await page.locator('p.count').filter({ hasText: `${total} members` }).waitFor();
    const [{ inCountry }] = await h.t.sql<{ inCountry: number }>(
      `SELECT count(*)::int AS "inCountry" FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE o.country = $1`, [target.country]);
    expect(inCountry).toBeGreaterThan(1);
    await page.getByLabel('Country').selectOption(target.country);
    const byCountry = await settled(page, inCountry);
    // read once the list has settled: the controlled select shows its new value only after the re-render
    const countryName = (await page.getByLabel('Country').locator('option:checked').textContent())!;
    expect(byCountry).toHaveLength(inCountry);
    expect(new Set(byCountry.map((r) => r[1]))).toEqual(new Set([countryName]));

    // country and name together narrow it to the one member
    await page.getByLabel('Search by name').fill(target.name);
    const both = await settled(page, 1);
    expect(both[0][0]).toBe(target.name);
    expect(both[0][1]).toBe(countryName);
    expect(both[0][2]).toBe('Active');
    await h.screenshot(page, 'directory-filtered');

    // the member's page: every brand and trademark on file, with its verification
    const brands = await h.t.sql<{ name: string }>(
      `SELECT b.name FROM brand b JOIN membership m ON m.organisation_id = b.organisation_id WHERE m.id = $1 ORDER BY lower(b.name)`, [target.membership_id]);
    const trademarks = await h.t.sql<{ brand: string; office: string; registration_number: string; verification_status: string; owner_name: string }>(
      `SELECT b.name AS brand, t.office, t.registration_number, t.verification_status, t.owner_name FROM trademark t
         JOIN brand b ON b.id = t.brand_id JOIN membership m ON m.organisation_id = b.organisation_id WHERE m.id = $1`, [target.membership_id]);
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: target.name }).click();
    await page.getByRole('heading', { name: target.name, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/members\/.+/);
    const brandSections = page.getByRole('region', { name: 'Brands and trademarks' }).getByRole('heading', { level: 3 });
    expect(await brandSections.allTextContents()).toEqual(brands.map((b) => b.name));
    for (const t of trademarks) {
      const card = page.getByRole('region', { name: `Brand ${t.brand}` }).getByRole('article', { name: `Trademark ${t.office} ${t.registration_number}` });
      const text = await card.textContent();
      expect(text).toContain(t.owner_name);
      expect(text).toContain(t.verification_status === 'VERIFIED' ? 'Verified' : t.verification_status === 'REJECTED' ? 'Rejected' : 'Pending');
    }
    expect(await page.getByRole('article').count()).toBe(trademarks.length);
    await h.screenshot(page, 'directory-member-page');
  }, 120_000);

  it('a coordinator filters by status, and suspends (reason required) then reinstates a member', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    await page.goto('/members');
    const [{ active }] = await h.t.sql<{ active: number }>(`SELECT count(*)::int AS active FROM membership WHERE status = 'ACTIVE'`);
    await page.getByLabel('Status').selectOption({ label: 'Active' });
    await page.locator('p.count').filter({ hasText: new RegExp(`^${active} members`) }).waitFor();
    expect(new Set((await rows(page)).map((r) => r[2]))).toEqual(new Set(['Active']));

    const [target] = await h.t.sql<{ name: string }>(
      `SELECT o.name FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.organisation_id = o.id) -- not the demo users' own
        ORDER BY o.name DESC LIMIT 1`);
    await page.getByLabel('Search by name').fill(target.name);
    await settled(page, 1);
    await page.getByRole('link', { name: target.name }).click();
    await page.locator('p.summary').filter({ hasText: 'Status: Active' }).waitFor();

    const suspend = page.getByRole('form', { name: 'Suspend' });
    await suspend.getByRole('button', { name: 'Suspend' }).click();
    await suspend.locator('.field-error').waitFor();
    expect(await descriptionOf(suspend.getByLabel('Reason for suspension'))).toMatch(/reason/i);
    await suspend.getByLabel('Reason for suspension').fill('Counterfeit stock found in its distribution channel');
    await suspend.getByRole('button', { name: 'Suspend' }).click();
    await page.locator('p.summary').filter({ hasText: 'Status: Suspended' }).waitFor();
    expect(await page.locator('p.summary').textContent()).toContain('Counterfeit stock found in its distribution channel');
    const [suspended] = await h.t.sql<{ status: string; status_reason: string }>(
      `SELECT m.status, m.status_reason FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE o.name = $1`, [target.name]);
    expect(suspended).toEqual({ status: 'SUSPENDED', status_reason: 'Counterfeit stock found in its distribution channel' });
    await h.screenshot(page, 'directory-member-suspended');

    await page.getByRole('button', { name: 'Reinstate' }).click();
    await page.locator('p.summary').filter({ hasText: 'Status: Active' }).waitFor();
    expect(await page.getByRole('table', { name: 'Membership history' }).textContent()).toContain('Suspended');
  }, 120_000);

  it('a member admin sees active members only, without the status filter or coordinator actions', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Watchlist' }).waitFor(); // intelligence links follow the membership check
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Countermark', 'Home', 'Directory', 'Intelligence', 'Search', 'Watchlist', 'Monitoring', 'Takedowns', 'Cases', 'Impact']);
    await nav.getByRole('link', { name: 'Directory' }).click();
    const [{ active }] = await h.t.sql<{ active: number }>(`SELECT count(*)::int AS active FROM membership WHERE status = 'ACTIVE'`);
    await page.locator('p.count').filter({ hasText: new RegExp(`^${active} members`) }).waitFor();
    expect(await page.getByLabel('Status').count()).toBe(0);
    const first = (await rows(page))[0][0];
    await page.getByRole('link', { name: first }).click();
    await page.getByRole('heading', { name: first, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Brands and trademarks' }).waitFor();
    expect(await page.getByRole('region', { name: 'Coordinator actions' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Verify' }).count()).toBe(0);
  }, 120_000);
});
