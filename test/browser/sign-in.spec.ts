import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT } from '../support/browser.js';

describe('sign in (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
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

  it('keeps the session out of the page’s reach: no token in localStorage or sessionStorage, an HttpOnly cookie document.cookie cannot read; a reload stays signed in', async () => {
    const page = await h.page();
    await h.signIn(page, 'coordinator@demo.countermark.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'countermark_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    // evaluated in the page (a string: the tests are type-checked without the DOM's types)
    const storage = (await page.evaluate(`JSON.stringify([{ ...localStorage }, { ...sessionStorage }])`)) as string;
    expect(storage).not.toContain(cookie.value);
    expect(storage).not.toMatch(/eyJ/); // no JWT under any key
    expect(await page.evaluate(`document.cookie`)).not.toContain(cookie.value);

    await page.reload();
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).textContent()).toContain('COORDINATOR');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('signs out: the session ends in the API (its token is refused), the cookie is gone and the page is back at sign-in', async () => {
    const page = await h.page();
    await h.signIn(page, 'coordinator@demo.countermark.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    const [{ value: token }] = await page.context().cookies(); // the test's view of the browser, not the page's
    expect((await h.t.gql(`{ viewer { role } }`, {}, token)).data.viewer.role).toBe('COORDINATOR');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    expect((await h.t.gql(`{ viewer { role } }`, {}, token)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await page.context().cookies()).toEqual([]);
    await page.goto('/');
    await page.waitForURL('**/sign-in');
  });
});
