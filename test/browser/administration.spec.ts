import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, descriptionOf } from '../support/browser.js';
import { errorOf } from '../support/test-app.js';

// what the categories and partners tests change, for the audit log test to find
const NEW_CATEGORY = 'Watches & Jewellery';
const RENAMED_CATEGORY = 'Fine Watches & Jewellery';
const PARTNER = 'Northbay Trading Standards';
const KEY = 'Reporting dashboard';
const SECOND_KEY = 'Case feed';
const VIEWER = '{ viewer { role apiKeyName scopes } }';

/** How the web client writes a timestamp: `2026-05-04 13:07 UTC`. */
const utc = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const firstCells = (table: Locator) => table.locator('tbody tr td:first-child').allTextContents();
/** The row of a table that has a cell with exactly this text. */
const rowWith = (table: Locator, text: string) => table.locator('tbody tr').filter({ has: table.page().getByRole('cell', { name: text, exact: true }) });

describe('coordinator administration: categories, partners, audit log, settings (browser)', () => {
  let h: BrowserHarness;
  let coordinatorToken: string;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: { intel: false } }); // the audit log test pages through every event: the bare alliance's few
    coordinatorToken = await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
  });
  afterAll(() => h?.close());

  async function coordinatorPage(options = {}): Promise<Page> {
    const page = await h.page(options);
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    return page;
  }

  const activeCategoryNames = async () =>
    (await h.t.sql<{ name: string }>(`SELECT name FROM industry_category WHERE status = 'ACTIVE' ORDER BY position, name`)).map((c) => c.name);

  it('categories: add, a duplicate name at the name field, rename, merge two, retire; pickers follow', async () => {
    const page = await coordinatorPage();
    // the directory's category filter is cached first, so the end can show that it follows the changes
    await nav(page).getByRole('link', { name: 'Directory' }).click();
    await page.getByLabel('Category').locator('option', { hasText: 'Apparel & Footwear' }).waitFor({ state: 'attached' });

    await nav(page).getByRole('link', { name: 'Categories' }).click();
    await page.getByRole('heading', { name: 'Industry categories', level: 1 }).waitFor();
    const active = page.getByRole('table', { name: 'Active categories' });
    await active.locator('tbody tr').first().waitFor();
    expect(await firstCells(active)).toEqual(await activeCategoryNames());

    // add
    const add = page.getByRole('form', { name: 'Add a category' });
    await add.getByLabel('Name').fill(NEW_CATEGORY);
    await add.getByRole('button', { name: 'Add category' }).click();
    await rowWith(active, NEW_CATEGORY).waitFor();
    expect(await add.getByRole('status').textContent()).toContain(NEW_CATEGORY);
    expect(await h.t.sql(`SELECT status, retired_at FROM industry_category WHERE name = $1`, [NEW_CATEGORY])).toEqual([{ status: 'ACTIVE', retired_at: null }]);

    // a duplicate (case aside): the API's CONFLICT, at the name field, and nothing stored
    const duplicate = 'apparel & footwear';
    const refused = await h.t.gql(`mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id } }`, { i: { name: duplicate } }, coordinatorToken);
    expect(errorOf(refused)).toMatchObject({ code: 'CONFLICT', field: 'name' });
    await add.getByLabel('Name').fill(duplicate);
    await add.getByRole('button', { name: 'Add category' }).click();
    await add.locator('.field-error').waitFor();
    expect(await descriptionOf(add.getByLabel('Name'))).toBe(refused.errors![0].message);
    expect(await add.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    const [{ same }] = await h.t.sql<{ same: number }>(`SELECT count(*)::int AS same FROM industry_category WHERE lower(name) = $1`, [duplicate]);
    expect(same).toBe(1);
    await h.screenshot(page, 'admin-categories-duplicate');

    // rename in place: first to a name in use (refused at the field), then to a free one
    await rowWith(active, NEW_CATEGORY).getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('form', { name: `Rename ${NEW_CATEGORY}` });
    const newName = rename.getByLabel(`New name for ${NEW_CATEGORY}`);
    await newName.fill('Toys & Games');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await rename.locator('.field-error').waitFor();
    expect(await descriptionOf(newName)).toBe('A category named "Toys & Games" exists');
    await newName.fill(RENAMED_CATEGORY);
    await rename.getByRole('button', { name: 'Save name' }).click();
    await rowWith(active, RENAMED_CATEGORY).waitFor();
    expect(await rowWith(active, NEW_CATEGORY).count()).toBe(0);
    expect(await h.t.sql(`SELECT name FROM industry_category WHERE name IN ($1, $2)`, [NEW_CATEGORY, RENAMED_CATEGORY])).toEqual([{ name: RENAMED_CATEGORY }]);

    // merge the two smallest categories that have members, after a confirmation
    const [source, target] = await h.t.sql<{ id: string; name: string }>(
      `SELECT c.id, c.name FROM industry_category c JOIN membership_category mc ON mc.category_id = c.id
        WHERE c.status = 'ACTIVE' GROUP BY c.alliance_id, c.id ORDER BY count(*), c.name LIMIT 2`);
    const membersOf = async (id: string) =>
      (await h.t.sql<{ membership_id: string }>(`SELECT membership_id FROM membership_category WHERE category_id = $1`, [id])).map((r) => r.membership_id).sort();
    const sourceMembers = await membersOf(source.id);
    const targetMembers = await membersOf(target.id);
    expect(sourceMembers.length).toBeGreaterThan(0);
    const merge = page.getByRole('form', { name: 'Merge categories' });
    await merge.getByLabel('Category to merge').selectOption({ label: source.name });
    await merge.getByLabel('Merge into').selectOption({ label: target.name });
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    const confirmMerge = merge.getByRole('group', { name: 'Confirm: Merge' });
    expect(await confirmMerge.textContent()).toContain(`Move every member of “${source.name}” into “${target.name}” and retire “${source.name}”?`);
    expect(await h.t.sql(`SELECT status FROM industry_category WHERE id = $1`, [source.id])).toEqual([{ status: 'ACTIVE' }]); // not before the "yes"
    await confirmMerge.getByRole('button', { name: 'Yes, merge' }).click();
    const retired = page.getByRole('table', { name: 'Retired categories' });
    await rowWith(retired, source.name).waitFor();
    expect(await rowWith(retired, source.name).getByRole('cell').nth(2).textContent()).toBe(`Merged into ${target.name}`);
    const [merged] = await h.t.sql<{ status: string; merged_into_id: string; retired_at: Date }>(
      `SELECT status, merged_into_id, retired_at FROM industry_category WHERE id = $1`, [source.id]);
    expect(merged).toMatchObject({ status: 'RETIRED', merged_into_id: target.id });
    expect(await rowWith(retired, source.name).getByRole('cell').nth(1).textContent()).toBe(utc(merged.retired_at));
    expect(await membersOf(source.id)).toEqual([]);
    expect(await membersOf(target.id)).toEqual([...new Set([...sourceMembers, ...targetMembers])].sort());

    // retire, after a confirmation
    const row = rowWith(active, RENAMED_CATEGORY);
    await row.getByRole('button', { name: 'Retire' }).click();
    const confirmRetire = row.getByRole('group', { name: 'Confirm: Retire' });
    expect(await confirmRetire.textContent()).toContain(`Retire “${RENAMED_CATEGORY}”?`);
    await confirmRetire.getByRole('button', { name: 'Yes, retire' }).click();
    await rowWith(retired, RENAMED_CATEGORY).waitFor();
    expect(await rowWith(retired, RENAMED_CATEGORY).getByRole('cell').nth(2).textContent()).toBe('Retired');
    const [retiredRow] = await h.t.sql(`SELECT status, merged_into_id FROM industry_category WHERE name = $1`, [RENAMED_CATEGORY]);
    expect(retiredRow).toEqual({ status: 'RETIRED', merged_into_id: null });

    // both tables are the database's
    const stillActive = await activeCategoryNames();
    expect(await firstCells(active)).toEqual(stillActive);
    const retiredNames = (await h.t.sql<{ name: string }>(`SELECT name FROM industry_category WHERE status = 'RETIRED' ORDER BY position, name`)).map((c) => c.name);
    expect(await firstCells(retired)).toEqual(retiredNames);
    await h.screenshot(page, 'admin-categories');

    // the directory's filter, cached before, now offers exactly the active categories
    await nav(page).getByRole('link', { name: 'Directory' }).click();
    await page.getByRole('heading', { name: 'Member directory' }).waitFor();
    expect(await page.getByLabel('Category').locator('option').allTextContents()).toEqual(['All categories', ...stillActive]);
  }, 120_000);

  it('partners: create one with scopes, issue a key shown once, prove it works, narrow scopes, revoke it, end the partnership', async () => {
    const page = await coordinatorPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await nav(page).getByRole('link', { name: 'Partners' }).click();
    await page.getByRole('heading', { name: 'Partners', level: 1 }).waitFor();
    const activeSection = page.getByRole('region', { name: 'Active partnerships' });
    await activeSection.getByRole('heading', { level: 3 }).first().waitFor();
    const existing = await h.t.sql<{ name: string }>(
      `SELECT o.name FROM partnership p JOIN organisation o ON o.id = p.organisation_id WHERE p.status = 'ACTIVE' ORDER BY p.created_at`);
    expect(await activeSection.getByRole('heading', { level: 3 }).allTextContents()).toEqual(existing.map((p) => p.name));

    // create the partner
    const add = page.getByRole('form', { name: 'Add a partner' });
    await add.getByLabel('Organisation name').fill(PARTNER);
    await add.getByLabel('Kind').selectOption({ label: 'Government agency' });
    await add.getByLabel('Country').selectOption('GB');
    for (const scope of ['directory:read', 'stats:read', 'intel:read']) await add.getByRole('checkbox', { name: scope }).check();
    await add.getByRole('button', { name: 'Add partner' }).click();
    const card = page.getByRole('region', { name: `Partner ${PARTNER}` });
    await card.waitFor();
    const [partner] = await h.t.sql<{ id: string; kind: string; scopes: string[]; status: string; org_kind: string; country: string }>(
      `SELECT p.id, p.kind, p.scopes, p.status, o.kind AS org_kind, o.country FROM partnership p JOIN organisation o ON o.id = p.organisation_id WHERE o.name = $1`,
      [PARTNER]);
    expect(partner).toMatchObject({ kind: 'GOVERNMENT_AGENCY', org_kind: 'GOVERNMENT_AGENCY', country: 'GB', status: 'ACTIVE', scopes: ['directory:read', 'stats:read', 'intel:read'] });
    expect(await card.locator('p.summary').textContent()).toContain('Government agency · United Kingdom');
    expect(await card.locator('p.scopes-line').textContent()).toBe('Scopes: directory:read, stats:read, intel:read');

    // a key within the partnership's scopes: only those are offered
    await card.getByText('Create an API key').click();
    const keyForm = card.getByRole('form', { name: `New API key for ${PARTNER}` });
    expect(await keyForm.getByRole('checkbox').count()).toBe(3);
    expect(await keyForm.getByRole('checkbox', { name: 'cases:read' }).count()).toBe(0);
    await keyForm.getByLabel('Key name').fill(KEY);
    await keyForm.getByRole('checkbox', { name: 'directory:read' }).check();
    await keyForm.getByRole('checkbox', { name: 'stats:read' }).check();
    await keyForm.getByRole('button', { name: 'Create API key' }).click();
    const secretBox = card.getByRole('region', { name: 'New API key', exact: true });
    await secretBox.waitFor();
    expect(await secretBox.textContent()).toContain('it will not be shown again');
    const secret = await secretBox.getByLabel('API key (shown once)').inputValue();
    expect(secret).toMatch(/^cmk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}$/);
    await secretBox.getByRole('button', { name: 'Copy key' }).click();
    await secretBox.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await h.screenshot(page, 'admin-partners-secret');

    const [key] = await h.t.sql<{ id: string; prefix: string; scopes: string[]; revoked_at: Date | null }>(
      `SELECT k.id, k.prefix, k.scopes, k.revoked_at FROM api_key k WHERE k.name = $1`, [KEY]);
    expect(key).toMatchObject({ prefix: secret.slice(4, 16), scopes: ['directory:read', 'stats:read'], revoked_at: null });
    const keys = card.getByRole('table', { name: `API keys of ${PARTNER}` });
    expect(await rowWith(keys, KEY).getByRole('cell').nth(1).textContent()).toBe(`${secret.slice(0, 16)}_…`); // the key's public start
    expect(await rowWith(keys, KEY).getByRole('cell').nth(4).textContent()).toBe('Never');

    // the secret read from the page is a working key of this partner
    const who = await h.t.ok(VIEWER, {}, secret);
    expect(who.viewer).toEqual({ role: 'PARTNER', apiKeyName: KEY, scopes: ['directory:read', 'stats:read'] });

    // once dismissed (or after a reload) the secret is gone for good; the key's use shows
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    await page.reload();
    await rowWith(keys, KEY).waitFor();
    expect(await page.getByRole('region', { name: 'New API key', exact: true }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(secret.slice(17));
    const [{ last_used_at }] = await h.t.sql<{ last_used_at: Date }>(`SELECT last_used_at FROM api_key WHERE id = $1`, [key.id]);
    expect(await rowWith(keys, KEY).getByRole('cell').nth(4).textContent()).toBe(utc(last_used_at));

    // narrowing the partnership narrows its keys at once
    await card.getByText('Edit scopes').click();
    const scopesForm = card.getByRole('form', { name: `Scopes of ${PARTNER}` });
    await scopesForm.getByRole('checkbox', { name: 'stats:read' }).uncheck();
    await scopesForm.getByRole('button', { name: 'Save scopes' }).click();
    await scopesForm.getByRole('status').filter({ hasText: 'Scopes saved.' }).waitFor();
    expect(await h.t.sql(`SELECT scopes FROM partnership WHERE id = $1`, [partner.id])).toEqual([{ scopes: ['directory:read', 'intel:read'] }]);
    expect((await h.t.ok(VIEWER, {}, secret)).viewer.scopes).toEqual(['directory:read']);

    // revoke, after a confirmation: the API refuses the key from then on
    await rowWith(keys, KEY).getByRole('button', { name: 'Revoke', exact: true }).click();
    const confirmRevoke = rowWith(keys, KEY).getByRole('group', { name: 'Confirm: Revoke' });
    expect(await confirmRevoke.textContent()).toContain(`Revoke the key “${KEY}”?`);
    await confirmRevoke.getByRole('button', { name: 'Yes, revoke' }).click();
    await rowWith(keys, KEY).filter({ hasText: 'Revoked' }).waitFor();
    const [{ revoked_at }] = await h.t.sql<{ revoked_at: Date }>(`SELECT revoked_at FROM api_key WHERE id = $1`, [key.id]);
    expect(revoked_at).toBeInstanceOf(Date);
    expect(await rowWith(keys, KEY).getByRole('cell').nth(5).textContent()).toBe(`Revoked ${utc(revoked_at)}`);
    const refused = await h.t.gql(VIEWER, {}, secret);
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');

    // a second key, then the partnership ends: the confirmation says its key goes, and it does
    await card.getByText('Create an API key').click();
    await keyForm.getByLabel('Key name').fill(SECOND_KEY);
    await keyForm.getByRole('checkbox', { name: 'directory:read' }).check();
    await keyForm.getByRole('button', { name: 'Create API key' }).click();
    const second = await secretBox.getByLabel('API key (shown once)').inputValue();
    expect((await h.t.ok(VIEWER, {}, second)).viewer).toEqual({ role: 'PARTNER', apiKeyName: SECOND_KEY, scopes: ['directory:read'] });
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();
    await card.getByRole('button', { name: 'End partnership' }).click();
    const confirmEnd = card.getByRole('group', { name: 'Confirm: End partnership' });
    expect(await confirmEnd.textContent()).toContain(`End the partnership with ${PARTNER}? Its active API key is revoked at once`);
    await confirmEnd.getByRole('button', { name: 'Yes, end partnership' }).click();
    const ended = page.getByRole('region', { name: 'Ended partnerships' });
    await ended.getByRole('region', { name: `Partner ${PARTNER}` }).waitFor();
    const [endedRow] = await h.t.sql<{ status: string; ended_at: Date }>(`SELECT status, ended_at FROM partnership WHERE id = $1`, [partner.id]);
    expect(endedRow.status).toBe('ENDED');
    expect(await card.locator('p.summary').textContent()).toContain(`ended ${utc(endedRow.ended_at)}`);
    expect(await h.t.sql(`SELECT name FROM api_key k JOIN partnership p ON p.organisation_id = k.organisation_id WHERE p.id = $1 AND k.revoked_at IS NULL`, [partner.id])).toEqual([]);
    await keys.getByRole('button', { name: 'Revoke' }).first().waitFor({ state: 'detached' }); // the list refreshes after the mutation
    expect(await keys.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await card.getByRole('form').count()).toBe(0); // nothing left to edit
    expect((await h.t.gql(VIEWER, {}, second)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    await h.screenshot(page, 'admin-partners');
  }, 120_000);

  it('audit log: the changes just made, by target type and action, with before and after; load more', async () => {
    type Row = { action: string; target_type: string; actor_kind: string; before: unknown; after: unknown; created_at: Date };
    const events = (where = 'TRUE', params: unknown[] = []) =>
      h.t.sql<Row>(`SELECT action, target_type, actor_kind, before, after, created_at FROM audit_event WHERE ${where} ORDER BY id DESC`, params);
    const page = await coordinatorPage();
    await nav(page).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Audit events' });
    const count = (n: number, shown?: number) =>
      page.locator('p.count').filter({ hasText: new RegExp(`^${n} events?${shown ? `, ${shown} shown` : ''}$`) }).waitFor();
    const cells = async () => {
      const out: string[][] = [];
      for (const row of await table.locator('tbody > tr').all()) out.push((await row.locator(':scope > td').allTextContents()).slice(0, 4));
      return out;
    };
    const actors: Record<string, string> = { USER: 'User', API_KEY: 'API key' };
    const expected = (rows: Row[]) => rows.map((e) => [utc(e.created_at), e.action, e.target_type, actors[e.actor_kind]]);

    // categories: the four changes of the first test, newest first, as the database has them
    await page.getByLabel('Target type').selectOption('IndustryCategory');
    const categoryEvents = await events(`target_type = 'IndustryCategory'`);
    await count(categoryEvents.length);
    expect(await cells()).toEqual(expected(categoryEvents));
    expect(categoryEvents.map((e) => e.action)).toEqual(['category.retired', 'category.merged', 'category.renamed', 'category.created']);
    expect(new URL(page.url()).searchParams.get('type')).toBe('IndustryCategory');

    // the rename's before and after, as recorded
    const renamedRow = table.locator('tbody > tr').filter({ hasText: 'category.renamed' });
    await renamedRow.getByText('Before and after').click();
    const [before, after] = await renamedRow.locator('pre').allTextContents();
    const renamed = categoryEvents.find((e) => e.action === 'category.renamed')!;
    expect(JSON.parse(before)).toEqual(renamed.before);
    expect(JSON.parse(after)).toEqual(renamed.after);
    expect(JSON.parse(before).name).toBe(NEW_CATEGORY);
    expect(JSON.parse(after).name).toBe(RENAMED_CATEGORY);
    expect(await renamedRow.locator('mark').allTextContents()).toEqual([`  "name": "${NEW_CATEGORY}"`, `  "name": "${RENAMED_CATEGORY}"`]); // what changed
    await h.screenshot(page, 'admin-audit');

    // partners and their keys
    await page.getByLabel('Target type').selectOption('Partnership');
    const partnershipEvents = await events(`target_type = 'Partnership'`);
    await count(partnershipEvents.length);
    expect(await cells()).toEqual(expected(partnershipEvents));
    expect(partnershipEvents.slice(0, 3).map((e) => e.action)).toEqual(['partnership.ended', 'partnership.scopes_set', 'partnership.created']);

    await page.getByLabel('Target type').selectOption('ApiKey');
    const keyEvents = await events(`target_type = 'ApiKey'`);
    await count(keyEvents.length);
    expect(await cells()).toEqual(expected(keyEvents));
    // newest first: ending the partnership revoked the second key, with an event of its own
    expect(keyEvents.map((e) => e.action)).toEqual(['api_key.revoked', 'api_key.created', 'api_key.revoked', 'api_key.created']);
    // what was recorded about a key never holds its secret
    for (const row of await table.locator('tbody > tr').all()) await row.getByText('Before and after').click();
    const recorded = (await table.locator('pre').allTextContents()).join('\n');
    expect(recorded).toContain(KEY);
    expect(recorded).not.toMatch(/secret|cmk_/i);

    // by action, within the type
    await page.getByLabel('Action').fill('api_key.revoked');
    await count(2);
    expect(await cells()).toEqual(expected(await events(`target_type = 'ApiKey' AND action = 'api_key.revoked'`)));

    // more than a page: sign-ins are recorded too
    const [{ total: sofar }] = await h.t.sql<{ total: number }>(`SELECT count(*)::int AS total FROM audit_event`);
    for (let i = sofar; i <= 60; i += 4) await Promise.all([0, 1, 2, 3].map(() => h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD)));
    await page.getByLabel('Action').fill('');
    await page.getByLabel('Target type').selectOption('');
    const all = await events();
    expect(all.length).toBeGreaterThan(50);
    expect(all.length).toBeLessThanOrEqual(100);
    await count(all.length, 50);
    expect(await cells()).toEqual(expected(all.slice(0, 50)));
    await page.getByRole('button', { name: 'Load more' }).click();
    await count(all.length);
    expect(await cells()).toEqual(expected(all));
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  }, 120_000);

  it('settings: the SLA becomes 48 hours; 0 hours is refused at the field', async () => {
    const page = await coordinatorPage();
    await nav(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Alliance settings' }).waitFor();
    const form = page.getByRole('form', { name: 'Alliance settings' });
    const sla = form.getByLabel('Takedown SLA (hours)');
    const [before] = await h.t.sql(`SELECT name, home_country, takedown_sla_hours, default_sharing_level FROM alliance`);
    await form.waitFor();
    expect(await form.getByLabel('Alliance name').inputValue()).toBe(before.name);
    expect(await form.getByLabel('Home country').inputValue()).toBe(before.home_country);
    expect(await sla.inputValue()).toBe(String(before.takedown_sla_hours));
    expect(await form.getByLabel('Default sharing level').inputValue()).toBe(before.default_sharing_level);

    await sla.fill('48');
    await form.getByLabel('Default sharing level').selectOption('GREEN');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(await h.t.sql(`SELECT name, home_country, takedown_sla_hours, default_sharing_level FROM alliance`)).toEqual([
      { ...before, takedown_sla_hours: 48, default_sharing_level: 'GREEN' },
    ]);

    // 0 hours: the API's own message, at the SLA field; nothing changes
    const refused = await h.t.gql(`mutation($i: UpdateAllianceSettingsInput!) { updateAllianceSettings(input: $i) { id } }`, { i: { takedownSlaHours: 0 } }, coordinatorToken);
    expect(errorOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'takedownSlaHours' });
    await sla.fill('0');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.locator('.field-error').waitFor();
    expect(await descriptionOf(sla)).toContain(refused.errors![0].message);
    expect(await sla.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await h.t.sql(`SELECT takedown_sla_hours FROM alliance`)).toEqual([{ takedown_sla_hours: 48 }]);
    await h.screenshot(page, 'admin-settings');

    await nav(page).getByRole('link', { name: 'Home' }).click();
    await page.getByText('Takedown SLA: 48 hours.').waitFor();
  }, 120_000);

  it('settings: the coordinator switches derived keys off and on again (links across types)', async () => {
    const page = await coordinatorPage();
    await nav(page).getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Alliance settings' });
    const derived = form.getByLabel('Link reports through keys derived from their values');
    await derived.waitFor();
    expect(await derived.isChecked()).toBe(true);
    for (const on of [false, true]) {
      await derived.setChecked(on);
      await form.getByRole('button', { name: 'Save settings' }).click();
      await form.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
      expect(await h.t.sql(`SELECT derived_keys FROM alliance`)).toEqual([{ derived_keys: on }]);
      expect(await derived.isChecked()).toBe(on);
    }
  }, 120_000);

  it('member page: a coordinator resends an unanswered invitation and changes the tier', async () => {
    const email = 'legal@kestrel-optics.test';
    const invited = await h.t.ok(
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { membership { id } } }`,
      { i: { email, organisationName: 'Kestrel Optics', country: 'DE' } }, coordinatorToken);
    const membershipId: string = invited.inviteMember.membership.id;
    const page = await coordinatorPage();
    await page.goto(`/members/${encodeURIComponent(membershipId)}`);
    await page.getByRole('heading', { name: 'Kestrel Optics', level: 1 }).waitFor();
    const panel = page.getByRole('region', { name: 'Coordinator actions' });
    const [first] = await h.t.sql<{ expires_at: Date }>(`SELECT expires_at FROM invitation WHERE email = $1`, [email]);
    expect(await panel.textContent()).toContain(`It went to ${email}`);
    expect(await panel.textContent()).toContain(`expires on ${utc(first.expires_at)}`);

    await panel.getByRole('button', { name: 'Resend invitation' }).click();
    const status = panel.getByRole('status').filter({ hasText: 'A new invitation went to' });
    await status.waitFor();
    const invitations = await h.t.sql<{ expires_at: Date }>(`SELECT expires_at FROM invitation WHERE email = $1 ORDER BY created_at DESC`, [email]);
    expect(invitations).toHaveLength(2);
    expect(await status.textContent()).toBe(`A new invitation went to ${email}; it expires on ${utc(invitations[0].expires_at)}. Earlier links no longer work.`);
    expect(invitations[1].expires_at.getTime()).toBeLessThanOrEqual(Date.now()); // the first link stopped working
    const [{ mails }] = await h.t.sql<{ mails: number }>(`SELECT count(*)::int AS mails FROM outbox_message WHERE kind = 'invitation' AND to_address = $1`, [email]);
    expect(mails).toBe(2);

    const tier = page.getByRole('form', { name: 'Membership tier' });
    expect(await tier.getByLabel('Tier').inputValue()).toBe('FULL');
    await tier.getByLabel('Tier').selectOption({ label: 'Founding' });
    await tier.getByRole('button', { name: 'Change tier' }).click();
    await tier.getByRole('status').filter({ hasText: 'The tier is now Founding.' }).waitFor();
    expect(await page.locator('p.summary').textContent()).toContain('Founding member');
    expect(await h.t.sql(`SELECT tier FROM membership WHERE organisation_id = (SELECT id FROM organisation WHERE name = 'Kestrel Optics')`)).toEqual([{ tier: 'FOUNDING' }]);
    await h.screenshot(page, 'admin-member-invited');
  }, 120_000);

  it('a member admin sees none of the administration links, and the pages and the API refuse them', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    await nav(page).getByRole('link', { name: 'Watchlist' }).waitFor(); // intelligence links follow the membership check
    expect(await nav(page).getByRole('link').allTextContents()).toEqual(['Countermark', 'Home', 'Directory', 'Intelligence', 'Search', 'Watchlist', 'Monitoring', 'Takedowns', 'Cases', 'Impact']);
    for (const path of ['/categories', '/partners', '/audit', '/settings']) {
      await page.goto(path);
      await page.getByRole('alert').filter({ hasText: 'This page is for coordinators only.' }).waitFor();
      expect(await page.getByRole('form').count()).toBe(0);
    }
    const token = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    expect(errorOf(await h.t.gql(`{ auditEvents { totalCount } }`, {}, token)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.t.gql(`mutation { createCategory(input: { name: "Mine" }) { id } }`, {}, token)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.t.gql(`mutation { updateAllianceSettings(input: { takedownSlaHours: 1 }) { id } }`, {}, token)).code).toBe('FORBIDDEN');
  }, 120_000);
});
