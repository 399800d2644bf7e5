import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { ScopePicker } from './ScopePicker';
import { sortScopes } from './scopes';

const CreateApiKey = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) { secret apiKey { id name } }
  }
`);

/** A coordinator issues a key for a partner, with at most the partnership's scopes. */
export function NewApiKeyForm({ partnershipId, partnerName, partnershipScopes, onCreated }: {
  partnershipId: string;
  partnerName: string;
  partnershipScopes: readonly string[];
  /** the new key's name and whole secret, to show once */
  onCreated: (issued: { keyName: string; secret: string }) => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  // the secret never goes into Apollo's cache: the card holds it until dismissed
  const [create, { loading, error }] = useMutation(CreateApiKey, {
    fetchPolicy: 'no-cache',
    refetchQueries: ['Partners'],
    awaitRefetchQueries: true,
  });
  const errors = placeErrors(error, ['name', 'scopes']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const granted = sortScopes(scopes.filter((s) => partnershipScopes.includes(s)));
    const data = await attempt(create({ variables: { input: { partnershipId, name, scopes: granted } } }));
    if (data) {
      setName('');
      setScopes([]);
      onCreated({ keyName: data.createApiKey.apiKey.name, secret: data.createApiKey.secret });
    }
  };

  return (
    <form onSubmit={submit} aria-label={`New API key for ${partnerName}`}>
      <Field label="Key name" name="name" errors={errors} hint="What will use it, e.g. “Case system sync”">
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <ScopePicker legend="Key scopes" allowed={partnershipScopes} selected={scopes} onChange={setScopes} error={errors.byField.scopes} />
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={loading} busyLabel="Creating…">Create API key</Button></div>
    </form>
  );
}
