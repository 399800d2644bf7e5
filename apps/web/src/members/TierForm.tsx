import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { enumLabel } from '../common/format';
import { graphql } from '../gql';
import type { MembershipTier } from '../gql/graphql';

const SetMembershipTier = graphql(`
  mutation SetMembershipTier($input: SetMembershipTierInput!) {
    setMembershipTier(input: $input) { id tier }
  }
`);

const TIERS: MembershipTier[] = ['FOUNDING', 'FULL', 'ASSOCIATE'];

/** A coordinator moves a member between tiers. */
export function TierForm({ membershipId, tier }: { membershipId: string; tier: MembershipTier }) {
  const [chosen, setChosen] = useState<MembershipTier>(tier);
  const [saved, setSaved] = useState(false);
  const [setTier, { loading, error }] = useMutation(SetMembershipTier);
  const errors = placeErrors(error, ['tier']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await attempt(setTier({ variables: { input: { membershipId, tier: chosen } } }))) setSaved(true);
  };

  return (
    <form onSubmit={submit} aria-label="Membership tier" className="tier">
      <Field label="Tier" name="tier" errors={errors}>
        <select value={chosen} onChange={(e) => { setChosen(e.target.value as MembershipTier); setSaved(false); }}>
          {TIERS.map((t) => <option key={t} value={t}>{enumLabel(t)}</option>)}
        </select>
      </Field>
      <div className="actions">
        <Button type="submit" variant="secondary" disabled={loading || chosen === tier}>Change tier</Button>
        {saved && <span role="status" className="ok">The tier is now {enumLabel(tier)}.</span>}
      </div>
      <FormAlert message={errors.form} />
    </form>
  );
}
