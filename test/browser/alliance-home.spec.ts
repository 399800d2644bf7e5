import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT } from '../support/browser.js';

describe('alliance home (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('shows the alliance figures as the database counts them, and members by status', async () => {
    const [counts] = await h.t.sql<{ active: number; brands: number; trademarks: number }>(
      `SELECT (SELECT count(*)::int FROM membership WHERE status = 'ACTIVE') AS active,
              (SELECT count(*)::int FROM brand b JOIN membership m ON m.organisation_id = b.organisation_id WHERE m.status = 'ACTIVE') AS brands,
              (SELECT count(*)::int FROM trademark t JOIN brand b ON b.id = t.brand_id JOIN membership m ON m.organisation_id = b.organisation_id
                WHERE m.status = 'ACTIVE') AS trademarks`,
    );
    const byStatus = await h.t.sql<{ status: string; count: number }>(`SELECT status, count(*)::int AS count FROM membership GROUP BY status`);

    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    const figure = async (label: string) => (await page.getByRole('group', { name: label }).locator('.figure').textContent())?.trim();
    expect(await figure('Active members')).toBe(String(counts.active));
    expect(await figure('Brands')).toBe(String(counts.brands));
    expect(await figure('Trademarks')).toBe(String(counts.trademarks));
    expect(await figure('Industry categories')).toBe('12');
    expect(await figure('Members outside China')).toMatch(/^\d+%$/);

    const table = page.getByRole('table', { name: 'Members by status' });
    const active = byStatus.find((s) => s.status === 'ACTIVE')!;
    expect(await table.getByRole('row').filter({ hasText: 'Active' }).getByRole('cell').allTextContents()).toEqual(['Active', String(active.count)]);
    expect(await table.locator('tbody tr').count()).toBe(byStatus.length);
    expect(await page.getByRole('table', { name: 'Members joined per year' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await h.screenshot(page, 'alliance-home');
  }, 60_000);
});
