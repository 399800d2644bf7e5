import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness } from '../support/browser.js';

describe('the web client under the content security policy (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: { intel: false } });
  });
  afterAll(() => h?.close());

  it('signs in and shows the coordinator’s screens without one violation of the policy', async () => {
    const page = await h.page();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/sign-in');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await h.signIn(page, 'coordinator@demo.countermark.test', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Demo Anti-Counterfeiting Alliance' }).waitFor();
    for (const [path, heading] of [['/members', 'Member directory'], ['/intel', 'Intelligence'], ['/audit', 'Audit log']]) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading }).first().waitFor();
    }
    expect(violations).toEqual([]);
  });
});
