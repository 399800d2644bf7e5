import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { ScopePicker } from './ScopePicker';
import { sortScopes } from './scopes';

const UpdatePartnership = graphql(`
  mutation UpdatePartnership($input: UpdatePartnershipInput!) {
    updatePartnership(input: $input) { id scopes }
  }
`);

/** A coordinator widens or narrows what a partnership grants; its keys never exceed it. */
export function PartnershipScopesForm({ partnershipId, name, scopes }: { partnershipId: string; name: string; scopes: readonly string[] }) {
  const [selected, setSelected] = useState<string[]>([...scopes]);
  const [saved, setSaved] = useState(false);
  const [update, { loading, error }] = useMutation(UpdatePartnership);
  const errors = placeErrors(error, ['scopes']);
  const changed = sortScopes(selected).join() !== sortScopes(scopes).join();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await attempt(update({ variables: { input: { partnershipId, scopes: sortScopes(selected) } } }))) setSaved(true);
  };

  return (
    <form onSubmit={submit} aria-label={`Scopes of ${name}`}>
      <ScopePicker legend="Partnership scopes" selected={selected} onChange={(s) => { setSelected(s); setSaved(false); }} error={errors.byField.scopes} />
      <p className="hint">Its API keys never exceed these: a scope removed here stops working for its keys at once.</p>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" disabled={loading || !changed}>Save scopes</Button>
        {saved && <span role="status" className="ok">Scopes saved.</span>}
      </div>
    </form>
  );
}
