import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, cells } from '../support/browser.js';

const PERIOD = `period members brands takedownsReceived takedownsProcessed takedownsProcessedWithinSla listingsRemoved listingsRemovedProactively listingsRemovedOnNotice
  alerts casesOpened casesReferred arrests sitesClosed { total } unitsSeized`;
const REPORT = `query($y: Int!) { impactReport(year: $y) { quarters { ${PERIOD} } total { ${PERIOD} } months { month } } }`;

const n = (x: number | string) => Number(x).toLocaleString('en-US');
const share = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 1000) / 10}%` : '—');
const figure = async (page: Page, label: string) => (await page.getByRole('group', { name: label, exact: true }).locator('.figure').textContent())?.trim();

// Issue 17, outcome 7: the impact dashboard, as the demo's coordinator sees it — the year's tiles and
// quarters equal to what GraphQL answers for the same year, the charts drawn, the PDF downloaded.
describe('impact dashboard (browser)', () => {
  let h: BrowserHarness;
  let token: string;

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
    await h.t.settleJobs(); // the demo's feed is matched by a job: its alerts are in before the figures are read
    token = await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('shows the year’s figures as GraphQL answers them, draws the charts, downloads the PDF', async () => {
    const year = new Date().getUTCFullYear();
    const report = (await h.t.ok(REPORT, { y: year }, token)).impactReport;
    const t = report.total;
    expect(t.takedownsReceived).toBeGreaterThan(0); // the demo's year of takedowns

    const page = await h.page({ acceptDownloads: true });
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Impact' }).click();
    await page.getByRole('heading', { name: 'Impact', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Members', exact: true }).waitFor();

    const tiles: Record<string, string> = {
      Members: n(t.members), Brands: n(t.brands), 'Takedowns received': n(t.takedownsReceived),
      'Processed within the SLA': share(t.takedownsProcessedWithinSla, t.takedownsProcessed), 'Listings removed': n(t.listingsRemoved),
      'Removed proactively': share(t.listingsRemovedProactively, t.listingsRemoved), Alerts: n(t.alerts), 'Cases referred': n(t.casesReferred),
      Arrests: n(t.arrests), 'Sites closed': n(t.sitesClosed.total),
    };
    for (const [label, value] of Object.entries(tiles)) expect([label, await figure(page, label)]).toEqual([label, value]);

    // the quarters and the year, cell by cell (the value columns aside: money, checked by the e2e tests)
    expect(await cells(page.getByRole('table', { name: 'Figures per quarter' }))).toEqual([...report.quarters, t].map((q: any) => [
      q.period, n(q.members), n(q.brands), n(q.takedownsReceived), n(q.takedownsProcessed),
      `${n(q.takedownsProcessedWithinSla)} (${share(q.takedownsProcessedWithinSla, q.takedownsProcessed)})`, n(q.listingsRemoved),
      n(q.listingsRemovedProactively), n(q.listingsRemovedOnNotice), n(q.alerts),
    ]));
    expect((await cells(page.getByRole('table', { name: 'Enforcement per quarter' }))).map((r) => r.slice(0, 6))).toEqual([...report.quarters, t].map((q: any) => [
      q.period, n(q.casesOpened), n(q.casesReferred), n(q.arrests), n(q.sitesClosed.total), n(q.unitsSeized),
    ]));
    expect((await cells(page.getByRole('table', { name: 'Figures per month' }))).map((r) => r[0])).toEqual(report.months.map((m: any) => m.month));

    // every chart is drawn as SVG, with bars
    for (const name of ['Takedowns received, processed and processed within the SLA per month, with the share within the SLA, as a chart',
      'Listings removed proactively and on notice per month, as a chart', 'Cases referred, arrests and sites closed per quarter, as a chart',
      'Members by industry category, as a chart', 'Members by region, as a chart']) {
      const chart = page.getByRole('img', { name, exact: true });
      await chart.locator('svg.recharts-surface').first().waitFor();
    }
    expect(await page.locator('.chart .recharts-bar-rectangle').count()).toBeGreaterThan(12);
    await h.screenshot(page, 'impact-dashboard');

    // the PDF of the same year, through the API's route with the session
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/impact-report.pdf?year=${year}`)),
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download PDF' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(download.suggestedFilename()).toBe(`impact-report-${year}.pdf`);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString()).toBe('%PDF-');

    // another year: its own figures
    const last = (await h.t.ok(REPORT, { y: year - 1 }, token)).impactReport.total;
    await page.getByLabel('Year', { exact: true }).selectOption(String(year - 1));
    await page.getByRole('table', { name: 'Figures per quarter' }).getByRole('cell', { name: `${year - 1}-Q1`, exact: true }).waitFor();
    expect(await figure(page, 'Takedowns received')).toBe(n(last.takedownsReceived));
    expect(await figure(page, 'Members')).toBe(n(last.members));
  }, 120_000);
});
