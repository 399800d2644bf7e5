import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';

const CreateBrand = graphql(`
  mutation CreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      id
      organisation { id brands { ...BrandDetails } }
    }
  }
`);

const FIELDS = ['name', 'website', 'description'];
const blank = { name: '', website: '', description: '' };

/** Adds a brand to the caller's organisation. */
export function BrandForm({ onSaved }: { onSaved: () => void }) {
  const [values, setValues] = useState(blank);
  const [create, { loading, error }] = useMutation(CreateBrand);
  const errors = placeErrors(error, FIELDS);
  const set = (changes: Partial<typeof blank>) => setValues((v) => ({ ...v, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { name: values.name, website: values.website.trim() || undefined, description: values.description.trim() || undefined };
    if (await attempt(create({ variables: { input } }))) {
      setValues(blank);
      onSaved();
    }
  };

  return (
    <form onSubmit={submit} aria-label="Add a brand" className="panel stack">
      <h3>Add a brand</h3>
      <Field label="Brand name" name="name" errors={errors}>
        <input value={values.name} onChange={(e) => set({ name: e.target.value })} required />
      </Field>
      <Field label="Brand website" name="website" errors={errors} hint="Optional, https://…">
        <input type="url" value={values.website} onChange={(e) => set({ website: e.target.value })} />
      </Field>
      <Field label="Brand description" name="description" errors={errors}>
        <textarea rows={2} value={values.description} onChange={(e) => set({ description: e.target.value })} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" disabled={loading}>Add brand</Button></div>
    </form>
  );
}
