import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DemoService, DEMO_PASSWORD } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness } from '../support/browser.js';

describe('sign in (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start();
    await h.t.get(DemoService).loadIfEmpty();
  });
  afterAll(() => h?.close());

  it('shows the API error for a wrong password and stays on the sign-in page', async () => {
    const page = await h.page();
    await h.signIn(page, 'coordinator@demo.countermark.test', 'wrong-password-here');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong e-mail or password');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await h.screenshot(page, 'sign-in-refused');
  });

  it('signs the coordinator in and shows the alliance home', async () => {
    const page = await h.page();
    await h.signIn(page, 'coordinator@demo.countermark.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    expect(await page.textContent('main')).toContain('COORDINATOR');
    await h.screenshot(page, 'sign-in-home');
  });

  it('signs out: the session ends in the API (its token is refused) and the page is back at sign-in', async () => {
    const page = await h.page();
    await h.signIn(page, 'coordinator@demo.countermark.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    // evaluated in the page (a string: the tests are type-checked without the DOM's types)
    const token = (await page.evaluate(`JSON.parse(localStorage.getItem('countermark.session') ?? '{}').token`)) as string;
    expect((await h.t.gql(`{ viewer { role } }`, {}, token)).data.viewer.role).toBe('COORDINATOR');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect((await h.t.gql(`{ viewer { role } }`, {}, token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await page.evaluate(`localStorage.getItem('countermark.session')`)).toBeNull();
  });
});
