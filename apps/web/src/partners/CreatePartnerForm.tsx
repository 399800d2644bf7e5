import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { enumLabel } from '../common/format';
import { graphql } from '../gql';
import type { PartnerKind } from '../gql/graphql';
import { ScopePicker } from './ScopePicker';

const CreatePartner = graphql(`
  mutation CreatePartner($input: CreatePartnerInput!) {
    createPartner(input: $input) { id organisation { id name } }
  }
`);

const KINDS: PartnerKind[] = ['LAW_ENFORCEMENT', 'GOVERNMENT_AGENCY', 'TRADE_ASSOCIATION', 'ACADEMIA', 'MARKETPLACE'];
const FIELDS = ['name', 'kind', 'country', 'scopes'];
const empty = { name: '', kind: 'LAW_ENFORCEMENT' as PartnerKind, country: '', scopes: [] as string[] };

/** A coordinator adds a partner organisation with the scopes its people and keys get. */
export function CreatePartnerForm() {
  const [form, setForm] = useState(empty);
  const [created, setCreated] = useState<string>();
  const [create, { loading, error }] = useMutation(CreatePartner, { refetchQueries: ['Partners'], awaitRefetchQueries: true });
  const errors = placeErrors(error, FIELDS);
  const set = (changes: Partial<typeof empty>) => setForm((f) => ({ ...f, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    const input = { name: form.name, kind: form.kind, country: form.country || undefined, scopes: form.scopes };
    const data = await attempt(create({ variables: { input } }));
    if (data) {
      setCreated(data.createPartner.organisation.name);
      setForm(empty);
    }
  };

  return (
    <form onSubmit={submit} aria-label="Add a partner" className="panel">
      <h2>Add a partner</h2>
      <div className="grid-2">
        <Field label="Organisation name" name="name" errors={errors}>
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} required />
        </Field>
        <Field label="Kind" name="kind" errors={errors}>
          <select value={form.kind} onChange={(e) => set({ kind: e.target.value as PartnerKind })}>
            {KINDS.map((k) => <option key={k} value={k}>{enumLabel(k)}</option>)}
          </select>
        </Field>
        <Field label="Country" name="country" errors={errors}>
          <CountrySelect value={form.country} onChange={(country) => set({ country })} emptyLabel="Not given" />
        </Field>
      </div>
      <ScopePicker legend="Scopes" selected={form.scopes} onChange={(scopes) => set({ scopes })} error={errors.byField.scopes} />
      <FormAlert message={errors.form} />
      {created && <p role="status" className="ok">{created} is a partner now; create its API keys below.</p>}
      <div><Button type="submit" busy={loading} busyLabel="Adding…">Add partner</Button></div>
    </form>
  );
}
