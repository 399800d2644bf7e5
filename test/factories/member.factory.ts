import { parseGlobalId } from '../../apps/api/src/common/node.js';
import type { TestApp } from '../support/test-app.js';

export const INVITE = `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id email expiresAt } membership { id status organisation { id name } } } }`;
export const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { token user { email role } } }`;

/** The token in the newest invitation e-mail to `email`, read from the outbox as a person would read the mail. */
export async function invitationToken(t: TestApp, email: string): Promise<string> {
  const [row] = await t.sql(`SELECT body FROM outbox_message WHERE kind = 'invitation' AND to_address = $1 ORDER BY created_at DESC LIMIT 1`, [email]);
  const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(row?.body ?? '')?.[1];
  if (!token) throw new Error(`No invitation e-mail to ${email}`);
  return token;
}

export interface InvitedMember {
  membershipId: string;
  organisationId: string;
  token: string;
  email: string;
}

/** Invites an organisation and accepts as its admin: the applicant, signed in, with an INVITED membership. */
export async function invitedMember(t: TestApp, coordinatorToken: string, name: string, extra: Record<string, unknown> = {}): Promise<InvitedMember> {
  const email = `admin@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.test`;
  const data = await t.ok(INVITE, { i: { email, organisationName: name, ...extra } }, coordinatorToken);
  const accepted = await t.ok(ACCEPT, { i: { token: await invitationToken(t, email), displayName: `${name} admin`, password: 'applicant-password-1' } });
  return {
    membershipId: data.inviteMember.membership.id,
    organisationId: data.inviteMember.membership.organisation.id,
    token: accepted.acceptInvitation.token,
    email,
  };
}

/** Drafts a complete application (details, a category, a brand with one trademark) and submits it. */
export async function appliedMember(t: TestApp, coordinatorToken: string, name: string, opts: { ownerName?: string; country?: string } = {}) {
  const m = await invitedMember(t, coordinatorToken, name);
  const legalName = `${name} Ltd`;
  await t.ok(`mutation($i: UpdateOrganisationInput!) { updateOrganisation(input: $i) { id } }`, { i: { organisationId: m.organisationId, legalName, country: opts.country ?? 'IT' } }, m.token);
  const [category] = (await t.ok(`{ categories { id name } }`, {}, m.token)).categories;
  await t.ok(`mutation($i: SetMembershipCategoriesInput!) { setMembershipCategories(input: $i) { id } }`, { i: { membershipId: m.membershipId, categoryIds: [category.id] } }, m.token);
  const brand = (await t.ok(`mutation($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name: `${name} Brand` } }, m.token)).createBrand;
  const trademark = (
    await t.ok(
      `mutation($i: AddTrademarkInput!) { addTrademark(input: $i) { id } }`,
      { i: { brandId: brand.id, office: 'EUIPO', registrationNumber: `0${Math.floor(Math.random() * 1e8)}`, niceClasses: [25, 18], ownerName: opts.ownerName ?? legalName, registeredOn: '2020-01-15', expiresOn: '2030-01-15' } },
      m.token,
    )
  ).addTrademark;
  await t.ok(`mutation { submitApplication { id status } }`, {}, m.token);
  return { ...m, legalName, brandId: brand.id, trademarkId: trademark.id, categoryId: category.id };
}

export const uuid = (globalId: string) => parseGlobalId(globalId)!.uuid;
