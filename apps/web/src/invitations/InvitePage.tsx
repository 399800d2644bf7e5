import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { CategoryPicker } from '../categories/CategoryPicker';
import { useCategories } from '../categories/useCategories';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { enumLabel, formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { MembershipTier } from '../gql/graphql';

const InviteMember = graphql(`
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      invitation { id email expiresAt }
      membership { id status organisation { id name } }
    }
  }
`);

const FIELDS = ['email', 'organisationName', 'contactName', 'country', 'tier', 'categoryIds'];
const TIERS: MembershipTier[] = ['FULL', 'ASSOCIATE', 'FOUNDING'];

const empty = { email: '', organisationName: '', contactName: '', country: '', tier: 'FULL' as MembershipTier, categoryIds: [] as string[] };

/** A coordinator invites an organisation: the API creates it and e-mails a single-use link. */
export function InvitePage() {
  const { categories } = useCategories();
  const [form, setForm] = useState(empty);
  const [invite, { data, loading, error, reset }] = useMutation(InviteMember);
  const errors = placeErrors(error, FIELDS);
  const set = (changes: Partial<typeof empty>) => setForm((f) => ({ ...f, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      email: form.email.trim(),
      organisationName: form.organisationName,
      contactName: form.contactName.trim() || undefined,
      country: form.country || undefined,
      tier: form.tier,
      categoryIds: form.categoryIds,
    };
    if (await attempt(invite({ variables: { input } }))) setForm(empty);
  };

  if (data) {
    const { invitation, membership } = data.inviteMember;
    return (
      <main className="narrow-wide">
        <h1>Invitation sent</h1>
        <div role="status" className="panel">
          <p>
            <strong>{membership.organisation.name}</strong> is invited. The invitation went to <strong>{invitation.email}</strong>; its link
            works once and expires on <strong>{formatDateTime(invitation.expiresAt)}</strong>.
          </p>
        </div>
        <p>
          <Link to={`/members/${encodeURIComponent(membership.id)}`}>Open the membership</Link> ·{' '}
          <Button variant="link" onClick={() => reset()}>Invite another organisation</Button>
        </p>
      </main>
    );
  }

  return (
    <main className="narrow-wide">
      <h1>Invite a member</h1>
      <form onSubmit={submit} aria-label="Invite a member">
        <Field label="E-mail" name="email" errors={errors} hint="The invitation goes here; it becomes the member admin’s sign-in">
          <input type="email" value={form.email} onChange={(e) => set({ email: e.target.value })} required />
        </Field>
        <Field label="Organisation name" name="organisationName" errors={errors}>
          <input value={form.organisationName} onChange={(e) => set({ organisationName: e.target.value })} required />
        </Field>
        <Field label="Contact name" name="contactName" errors={errors}>
          <input value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} />
        </Field>
        <Field label="Country" name="country" errors={errors}>
          <CountrySelect value={form.country} onChange={(country) => set({ country })} emptyLabel="Not known yet" />
        </Field>
        <Field label="Tier" name="tier" errors={errors}>
          <select value={form.tier} onChange={(e) => set({ tier: e.target.value as MembershipTier })}>
            {TIERS.map((t) => <option key={t} value={t}>{enumLabel(t)}</option>)}
          </select>
        </Field>
        <CategoryPicker categories={categories} selected={form.categoryIds} onChange={(categoryIds) => set({ categoryIds })} error={errors.byField.categoryIds} />
        <FormAlert message={errors.form} />
        <div><Button type="submit" busy={loading} busyLabel="Sending…">Send invitation</Button></div>
      </form>
    </main>
  );
}
