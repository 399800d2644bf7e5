import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_CASES } from '../../apps/api/src/demo/demo-enforcement.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, cells } from '../support/browser.js';

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
/** The timeline's entries: when (as `<time datetime>` says) and what. */
async function timelineOf(page: Page): Promise<{ at: string; kind: string; text: string }[]> {
  const items = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  const out: { at: string; kind: string; text: string }[] = [];
  for (const item of await items.all()) {
    out.push({ at: (await item.locator('time').getAttribute('datetime'))!, kind: (await item.getAttribute('data-kind'))!, text: (await item.textContent()) ?? '' });
  }
  return out;
}
const instant = (at: string) => Date.parse(at.length === 10 ? `${at}T00:00:00Z` : at);

// Issue 17, outcome 7 in the web client, on the demo: the coordinator's list of cases at every
// status and a case page with its timeline in date order and its networks on the network graph,
// where an outcome is recorded and a pack exported; the demo's police officer sees only the cases
// referred to the police.
describe('enforcement cases (browser)', () => {
  let h: BrowserHarness;
  const actionTaken = DEMO_CASES.find((c) => c.status === 'ACTION_TAKEN' && c.network !== null && c.events.some((e) => e.kind === 'EVIDENCE'))!;

  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('shows the coordinator every case, and a case page with its timeline in date order and its networks on the graph, where an outcome is recorded', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Cases' }).click();
    const table = page.getByRole('table', { name: 'Enforcement cases' });
    await table.locator('tbody tr').filter({ hasText: actionTaken.title }).waitFor();
    const rows = await cells(table);
    expect(rows.map((r) => r[1]).sort()).toEqual(DEMO_CASES.map((c) => c.title).sort());
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(['Open', 'Referred', 'Action taken', 'Prosecution', 'Closed', 'Dropped']));
    await h.screenshot(page, 'cases-list');

    await table.getByRole('link', { name: actionTaken.title }).click();
    await page.getByRole('heading', { name: actionTaken.title, level: 1 }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Action taken', { exact: true }).waitFor();
    const entries = await timelineOf(page);
    expect(entries.map((e) => instant(e.at))).toEqual(entries.map((e) => instant(e.at)).sort((a, b) => a - b));
    expect(new Set(entries.map((e) => e.kind))).toEqual(new Set(['STATUS', 'REFERRAL', 'ACTION', 'EVIDENCE']));
    expect(entries[0].text).toContain('Case opened');
    expect(entries.find((e) => e.kind === 'REFERRAL')!.text).toContain('Haizhou PSB Economic Crimes Unit');
    // the linked network, drawn: an SVG with a node per report
    const graph = page.getByRole('region', { name: 'Networks' });
    await graph.locator('svg.graph [data-node="report"]').first().waitFor();
    expect(await graph.locator('svg.graph').count()).toBe(1);
    expect(await graph.locator('svg.graph [data-node="report"]').count()).toBeGreaterThan(1);
    expect(await graph.getByRole('link', { name: 'Counterfeiter network 1' }).count()).toBe(1);
    await h.screenshot(page, 'case-page-timeline-and-graph');

    // one more arrest, recorded on the page
    const facts = page.getByRole('region', { name: 'Case' });
    const arrestsBefore = Number(await facts.locator('dt:text-is("Arrests") + dd').textContent());
    const form = page.getByRole('form', { name: 'Outcomes' });
    await form.getByLabel('Arrests').fill(String(arrestsBefore + 1));
    await form.getByRole('button', { name: 'Save outcomes' }).click();
    await facts.locator('dt:text-is("Arrests") + dd').filter({ hasText: String(arrestsBefore + 1) }).waitFor();
    const { enforcementCases } = await h.t.ok(`{ enforcementCases(first: 50, status: ACTION_TAKEN) { edges { node { title outcomes { arrests } } } } }`, {}, await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD));
    expect(enforcementCases.edges.find((e: any) => e.node.title === actionTaken.title).node.outcomes.arrests).toBe(arrestsBefore + 1);

    // exporting the pack puts it on the timeline
    await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export evidence pack' }).click()]);
    await timeline.getByText('Evidence pack exported').waitFor();
    const after = await timelineOf(page);
    expect(after.at(-1)!.kind).toBe('EXPORT');
    expect(after.map((e) => instant(e.at))).toEqual(after.map((e) => instant(e.at)).sort((a, b) => a - b));
    // and in the chain of custody, which the timeline's list of exports does not stand in for
    const custody = page.getByRole('table', { name: 'Chain of custody' });
    await custody.getByRole('cell', { name: 'Exported in an evidence pack' }).waitFor();
    expect((await custody.getByRole('row').allTextContents()).join('\n')).toContain('Handed to the partner');
    await h.screenshot(page, 'case-page-outcome-recorded');
  });

  it('shows the demo police officer only the cases referred to the police, with their evidence and networks', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.partner, DEMO_PASSWORD);
    await nav(page).getByRole('link', { name: 'Cases' }).click();
    await page.getByText('The cases the alliance referred to your agency.').waitFor();
    const table = page.getByRole('table', { name: 'Enforcement cases' });
    const referred = DEMO_CASES.filter((c) => c.referral);
    await table.locator('tbody tr').filter({ hasText: referred[0].title }).waitFor();
    expect((await cells(table)).map((r) => r[1]).sort()).toEqual(referred.map((c) => c.title).sort());
    await h.screenshot(page, 'cases-list-police');

    const waiting = referred.find((c) => c.status === 'REFERRED')!;
    await table.getByRole('link', { name: waiting.title }).click();
    await page.getByRole('heading', { name: waiting.title, level: 1 }).waitFor();
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.getByRole('link').first().waitFor();
    const files = waiting.events.flatMap((e) => (e.kind === 'EVIDENCE' ? e.files.map((f) => f.fileName) : []));
    expect((await evidence.getByRole('listitem').allTextContents()).sort()).toEqual(files.sort());
    await page.getByRole('list', { name: 'Timeline' }).getByText('Referred to law enforcement').waitFor();
    await page.getByRole('region', { name: 'Networks' }).locator('svg.graph [data-node="report"]').first().waitFor();
    await page.getByRole('table', { name: 'Chain of custody' }).getByRole('cell', { name: 'Handed to the partner' }).waitFor();
    // no step to take, nothing to add: the partner reads
    expect(await page.getByRole('form', { name: 'Log an action' }).count()).toBe(0);
    await h.screenshot(page, 'case-page-police');

    // a case not referred answers like one that does not exist
    const coordinator = await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    const all = (await h.t.ok(`{ enforcementCases(first: 50) { edges { node { id title referral { agency } } } } }`, {}, coordinator)).enforcementCases.edges.map((e: any) => e.node);
    const unreferred = all.find((c: any) => !c.referral);
    await page.goto(`/cases/${encodeURIComponent(unreferred.id)}`);
    await page.getByRole('alert').filter({ hasText: 'Enforcement case not found' }).waitFor();
  });
});
