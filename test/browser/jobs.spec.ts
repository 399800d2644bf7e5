import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DEMO_PASSWORD, DEMO_USERS, DemoService } from '../../apps/api/src/demo/demo.service.js';
import { MailService } from '../../apps/api/src/mail/mail.service.js';
import { INVITE } from '../factories/member.factory.js';
import { BrowserHarness, cells } from '../support/browser.js';

describe('background jobs (browser): a coordinator finds a dead e-mail, reads why, and retries it', () => {
  let h: BrowserHarness;
  let smtp: SMTPServer;
  let refuse = true;
  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback(refuse ? new Error('451 mailbox busy') : undefined));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    h = await BrowserHarness.start({ SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`, MAIL_RETRY_DELAY_SECONDS: 3600 });
    await h.t.get(DemoService).loadIfEmpty({ intel: false });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('shows the dead job with its attempts and error, retries it, and it completes', async () => {
    const token = await h.t.login(DEMO_USERS.coordinator, DEMO_PASSWORD);
    await h.t.ok(INVITE, { i: { email: 'unlucky@jobs.test', organisationName: 'Unlucky Co' } }, token);
    for (let i = 0; i < 5; i++) await h.t.get(MailService).dispatch(); // five refused attempts: dead

    const page = await h.page();
    await h.signIn(page, DEMO_USERS.coordinator, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Background jobs', level: 1 }).waitFor();
    await page.getByLabel('State').selectOption('DEAD');
    const table = page.getByRole('table', { name: 'Background jobs' });
    const row = table.locator('tbody tr').filter({ hasText: 'unlucky@jobs.test' });
    // read once the list shows the one dead row: the unfiltered list may still be on screen when
    // the filter is chosen, and while the filtered one loads "Loading…" stands in for the table
    let shown: string[][] = [];
    for (const deadline = Date.now() + 15_000; ; await page.waitForTimeout(100)) {
      await row.waitFor();
      shown = await cells(table);
      if (shown.length === 1 || Date.now() > deadline) break;
    }
    expect(shown.length).toBe(1);
    const [work, about, state, attempts, lastError] = shown[0];
    expect({ work, about, state, attempts }).toEqual({ work: 'E-mail', about: 'invitation to unlucky@jobs.test', state: 'Dead', attempts: '5 of 5' });
    expect(lastError).toContain('451');
    await h.screenshot(page, 'jobs-dead');

    refuse = false;
    await row.getByRole('button', { name: 'Retry invitation to unlucky@jobs.test' }).click();
    await row.getByRole('cell', { name: 'Waiting to retry' }).waitFor();
    expect(await h.t.sql(`SELECT status FROM outbox_message WHERE to_address = 'unlucky@jobs.test'`)).toEqual([{ status: 'PENDING' }]);
    expect(await h.t.get(MailService).dispatch()).toBe(1);
    await page.getByLabel('State').selectOption('COMPLETED');
    await table.locator('tbody tr').filter({ hasText: 'unlucky@jobs.test' }).getByRole('cell', { name: 'Completed' }).waitFor();
    expect(await h.t.sql(`SELECT status, attempts FROM outbox_message WHERE to_address = 'unlucky@jobs.test'`)).toEqual([{ status: 'SENT', attempts: 6 }]);
  });

  it('is not in the navigation of members, and its query refuses them', async () => {
    const page = await h.page();
    await h.signIn(page, DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Directory' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    const member = await h.t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD);
    expect((await h.t.gql(`{ jobs { totalCount } }`, {}, member)).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
