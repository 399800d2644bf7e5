import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS } from '../../apps/api/src/demo/demo.service.js';
import { BrowserHarness, DEMO_LOAD_TIMEOUT, descriptionOf } from '../support/browser.js';

const APPLICANT = {
  email: 'ines@aurora-textiles.test',
  organisation: 'Aurora Textiles',
  legalName: 'Aurora Textiles S.L.',
  contact: 'Ines Ibarra',
  password: 'aurora-textiles-2026',
};
const CERTIFICATE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const summary = (page: Page) => page.locator('p.summary');

describe('onboarding a new member (browser)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await BrowserHarness.start({}, { demo: {} });
  }, DEMO_LOAD_TIMEOUT);
  afterAll(() => h?.close());

  it('invite → accept → draft with API errors → submit → review → approve → active in the directory', async () => {
    // --- the coordinator invites the organisation ------------------------------------------------
    const coordinator = await h.page();
    await h.signIn(coordinator, DEMO_USERS.coordinator, DEMO_PASSWORD);
    const nav = coordinator.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Invite' }).click();
    await coordinator.getByRole('heading', { name: 'Invite a member' }).waitFor();
    await coordinator.getByLabel('E-mail').fill(APPLICANT.email);
    await coordinator.getByLabel('Organisation name').fill(APPLICANT.organisation);
    await coordinator.getByLabel('Contact name').fill(APPLICANT.contact);
    await coordinator.getByLabel('Country').selectOption({ label: 'Spain' });
    await coordinator.getByRole('checkbox', { name: 'Apparel & Footwear' }).check();
    await h.screenshot(coordinator, 'onboarding-0-invite-form');
    await coordinator.getByRole('button', { name: 'Send invitation' }).click();
    const confirmation = coordinator.getByRole('status');
    await confirmation.filter({ hasText: APPLICANT.email }).waitFor();
    const [invitation] = await h.t.sql<{ expires_at: Date }>(`SELECT expires_at FROM invitation WHERE email = $1`, [APPLICANT.email]);
    const expiry = `${invitation.expires_at.toISOString().slice(0, 10)} ${invitation.expires_at.toISOString().slice(11, 16)} UTC`;
    expect(await confirmation.textContent()).toContain(expiry);
    expect(await confirmation.textContent()).toContain(APPLICANT.organisation);
    await h.screenshot(coordinator, 'onboarding-1-invited');

    // --- the invitee opens the e-mailed link and sets a password ----------------------------------
    const [mail] = await h.t.sql<{ body: string }>(`SELECT body FROM outbox_message WHERE kind = 'invitation' ORDER BY created_at DESC LIMIT 1`);
    const link = /\/invitation\/[A-Za-z0-9_-]+/.exec(mail.body)?.[0];
    expect(link).toBeDefined();
    const member = await h.page();
    await member.goto(link!);
    await member.getByRole('heading', { name: 'Join Demo Anti-Counterfeiting Alliance' }).waitFor();
    const intro = await member.textContent('main');
    expect(intro).toContain(APPLICANT.organisation);
    expect(intro).toContain(APPLICANT.email);
    await member.getByLabel('Your name').fill(APPLICANT.contact);
    await member.getByLabel('Password', { exact: true }).fill(APPLICANT.password);
    await member.getByLabel('Confirm password').fill(APPLICANT.password);
    await h.screenshot(member, 'onboarding-2-accept');
    await member.getByRole('button', { name: 'Set password and continue' }).click();
    await member.waitForURL('**/my-application');
    // the link works once: opened again, it shows the API's refusal
    const again = await h.page();
    await again.goto(link!);
    await again.getByRole('alert').filter({ hasText: 'This invitation has already been used' }).waitFor();
    expect(await again.getByLabel('Your name').count()).toBe(0);
    await again.context().close();
    await member.getByRole('heading', { name: 'My application' }).waitFor();
    const memberNav = member.getByRole('navigation', { name: 'Main' });
    await memberNav.getByRole('link', { name: 'My application' }).waitFor();
    expect(await memberNav.getByRole('link', { name: 'Invite' }).count()).toBe(0);

    // --- organisation details; the invitation's country and category are already there -----------
    const details = member.getByRole('form', { name: 'Organisation details' });
    expect(await details.getByLabel('Organisation name').inputValue()).toBe(APPLICANT.organisation);
    expect(await details.getByLabel('Country').inputValue()).toBe('ES');
    expect(await member.getByRole('checkbox', { name: 'Apparel & Footwear' }).isChecked()).toBe(true);
    await details.getByLabel('Legal name').fill(APPLICANT.legalName);
    await details.getByLabel('Website').fill('https://aurora-textiles.example');
    await details.getByRole('button', { name: 'Save organisation details' }).click();
    await details.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const [org] = await h.t.sql<{ legal_name: string; website: string }>(`SELECT legal_name, website FROM organisation WHERE name = $1`, [APPLICANT.organisation]);
    expect(org).toEqual({ legal_name: APPLICANT.legalName, website: 'https://aurora-textiles.example' });

    // --- submitting without a brand: the API's message lands on the brands section ----------------
    await member.getByRole('button', { name: 'Submit application' }).click();
    const brandsSection = member.getByRole('region', { name: 'Brands and trademarks' });
    await member.getByRole('alert').filter({ hasText: 'Add at least one brand before submitting' }).waitFor();
    expect(await descriptionOf(brandsSection)).toBe('Add at least one brand before submitting');
    await h.screenshot(member, 'onboarding-3-submit-needs-brand');

    // --- a brand, and a trademark refused for Nice class 46 ---------------------------------------
    await member.getByLabel('Brand name').fill('Aurora');
    await member.getByRole('button', { name: 'Add brand' }).click();
    const brand = member.getByRole('region', { name: 'Brand Aurora' });
    await brand.waitFor();
    expect(await descriptionOf(brandsSection)).toBe(''); // the earlier refusal no longer applies
    await brand.getByLabel('Office').selectOption('EUIPO');
    await brand.getByLabel('Registration number').fill('018765432');
    await brand.getByLabel('Nice classes').fill('25, 46');
    await brand.getByLabel('Owner name').fill(APPLICANT.legalName);
    await brand.getByLabel('Registered on').fill('2019-03-01');
    await brand.getByLabel('Expires on').fill('2029-03-01');
    await brand.getByLabel('Evidence file').setInputFiles({ name: 'aurora-euipo-certificate.pdf', mimeType: 'application/pdf', buffer: CERTIFICATE });
    await brand.getByRole('status').filter({ hasText: 'Uploaded aurora-euipo-certificate.pdf' }).waitFor();
    await brand.getByRole('button', { name: 'Add trademark' }).click();
    await brand.getByText('Nice classes run from 1 to 45').waitFor();
    expect(await descriptionOf(brand.getByLabel('Nice classes'))).toContain('Nice classes run from 1 to 45');
    expect(await descriptionOf(brand.getByLabel('Registration number'))).toBe('');
    await h.screenshot(member, 'onboarding-4-nice-class-refused');

    await brand.getByLabel('Nice classes').fill('25, 35');
    await brand.getByRole('button', { name: 'Add trademark' }).click();
    const euipo = member.getByRole('article', { name: 'Trademark EUIPO 018765432' });
    await euipo.waitFor();
    const euipoText = await euipo.textContent();
    expect(euipoText).toContain('Pending');
    expect(euipoText).toContain('25, 35');
    expect(euipoText).toContain('aurora-euipo-certificate.pdf');
    expect(euipoText).toContain(createHash('sha256').update(CERTIFICATE).digest('hex').slice(0, 12));
    // the file name is a signed download link that works from the browser without the bearer header
    const href = await euipo.getByRole('link', { name: 'aurora-euipo-certificate.pdf' }).getAttribute('href');
    expect(href).toMatch(/^\/files\/[A-Za-z0-9_-]+\?access=/);
    const downloaded = await member.request.get(href!);
    expect(downloaded.status()).toBe(200);
    expect(Buffer.from(await downloaded.body()).equals(CERTIFICATE)).toBe(true);

    // a second registration, owned by someone else and with no authorisation letter
    await brand.getByLabel('Office').selectOption('USPTO');
    await brand.getByLabel('Registration number').fill('7654321');
    await brand.getByLabel('Nice classes').fill('25');
    await brand.getByLabel('Owner name').fill('Boreal Licensing LLC');
    await brand.getByRole('button', { name: 'Add trademark' }).click();
    await member.getByRole('article', { name: 'Trademark USPTO 7654321' }).waitFor();
    await h.screenshot(member, 'onboarding-5-draft');

    await member.getByRole('button', { name: 'Submit application' }).click();
    await member.getByRole('status').filter({ hasText: 'is applied' }).waitFor();
    const [applied] = await h.t.sql<{ status: string }>(
      `SELECT m.status FROM membership m JOIN organisation o ON o.id = m.organisation_id WHERE o.name = $1`, [APPLICANT.organisation]);
    expect(applied.status).toBe('APPLIED');
    await h.screenshot(member, 'onboarding-6-submitted');

    // --- the coordinator reviews ------------------------------------------------------------------
    await nav.getByRole('link', { name: 'Applications' }).click();
    const toReview = coordinator.getByRole('table', { name: 'Applications to review' });
    const row = toReview.getByRole('row').filter({ hasText: APPLICANT.organisation });
    await row.waitFor();
    expect(await row.textContent()).toContain('Applied');
    await h.screenshot(coordinator, 'onboarding-7-applications');
    await row.getByRole('link', { name: APPLICANT.organisation }).click();
    await coordinator.getByRole('heading', { name: APPLICANT.organisation }).waitFor();
    await summary(coordinator).filter({ hasText: 'Status: Applied' }).waitFor();
    await coordinator.getByRole('button', { name: 'Start review' }).click();
    await summary(coordinator).filter({ hasText: 'Status: Under review' }).waitFor();

    // approving too early: the API's CONFLICT is shown in an alert
    const approve = coordinator.getByRole('form', { name: 'Approve' });
    await approve.getByRole('button', { name: 'Approve' }).click();
    await approve.getByRole('alert').filter({ hasText: '2 trademark(s) still await verification' }).waitFor();

    const reviewEuipo = coordinator.getByRole('article', { name: 'Trademark EUIPO 018765432' });
    await reviewEuipo.getByRole('button', { name: 'Verify' }).click();
    await reviewEuipo.locator('.badge').filter({ hasText: 'Verified' }).waitFor();

    // the owner is not the applicant and no authorisation letter is attached: refused beside that trademark
    const reviewUspto = coordinator.getByRole('article', { name: 'Trademark USPTO 7654321' });
    await reviewUspto.getByRole('button', { name: 'Verify' }).click();
    const refusal = reviewUspto.getByRole('alert');
    await refusal.filter({ hasText: 'Boreal Licensing LLC' }).waitFor();
    expect(await refusal.textContent()).toContain('authorisation letter');
    expect(await reviewEuipo.getByRole('alert').count()).toBe(0);
    await h.screenshot(coordinator, 'onboarding-8-verify-refused');

    // rejecting needs a note
    await reviewUspto.getByRole('button', { name: 'Reject', exact: true }).click();
    await reviewUspto.getByText('Say why the trademark is rejected').waitFor();
    expect(await descriptionOf(reviewUspto.getByLabel('Verification note'))).toContain('Say why the trademark is rejected');
    await reviewUspto.getByLabel('Verification note').fill('Owned by a licensor; no authorisation letter attached');
    await reviewUspto.getByRole('button', { name: 'Reject', exact: true }).click();
    await reviewUspto.locator('.badge').filter({ hasText: 'Rejected' }).waitFor();
    expect(await reviewUspto.textContent()).toContain('Owned by a licensor; no authorisation letter attached');

    await approve.getByLabel('Approval note').fill('Welcome to the alliance');
    await approve.getByRole('button', { name: 'Approve' }).click();
    await summary(coordinator).filter({ hasText: 'Status: Active' }).waitFor();
    const history = coordinator.getByRole('table', { name: 'Membership history' });
    expect(await history.getByRole('row').filter({ hasText: 'Welcome to the alliance' }).textContent()).toContain('Under review');
    await h.screenshot(coordinator, 'onboarding-9-approved');

    // --- the new member is in the directory, active -----------------------------------------------
    await nav.getByRole('link', { name: 'Directory' }).click();
    await coordinator.getByLabel('Search by name').fill('Aurora');
    const members = coordinator.getByRole('table', { name: 'Members' });
    await coordinator.locator('p.count').filter({ hasText: /^1 member$/ }).waitFor();
    const listed = members.getByRole('row').filter({ hasText: APPLICANT.organisation });
    await listed.waitFor();
    const cells = await listed.getByRole('cell').allTextContents();
    expect(cells).toEqual([APPLICANT.organisation, 'Spain', 'Active', 'Apparel & Footwear', '1']);
    await h.screenshot(coordinator, 'onboarding-10-directory');

    // and the member, now active, sees itself there too and has no application left to fill in
    await member.goto('/members?q=Aurora');
    await member.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: 'Active' }).filter({ hasText: APPLICANT.organisation }).waitFor();
    expect(await memberNav.getByRole('link', { name: 'My application' }).count()).toBe(0);
  }, 180_000);
});
