import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';

const UpdateOrganisation = graphql(`
  mutation UpdateOrganisation($input: UpdateOrganisationInput!) {
    updateOrganisation(input: $input) { id name legalName country website description }
  }
`);

const FIELDS = ['name', 'legalName', 'country', 'website', 'description'] as const;
type Values = Record<(typeof FIELDS)[number], string>;

/** Step 1: who the applicant is. The legal name is what trademarks' owners are checked against. */
export function OrganisationDetailsForm({ organisation, submitErrors, onSaved }: {
  organisation: { id: string; name: string; legalName?: string | null; country?: string | null; website?: string | null; description?: string | null };
  /** what submitting the application said about these fields */
  submitErrors: Record<string, string>;
  onSaved: () => void;
}) {
  const [values, setValues] = useState<Values>({
    name: organisation.name,
    legalName: organisation.legalName ?? '',
    country: organisation.country ?? '',
    website: organisation.website ?? '',
    description: organisation.description ?? '',
  });
  const [update, { loading, error, called }] = useMutation(UpdateOrganisation);
  const errors = placeErrors(error, FIELDS);
  const fieldError = (f: keyof Values) => errors.byField[f] ?? submitErrors[f];
  const set = (changes: Partial<Values>) => setValues((v) => ({ ...v, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = {
      organisationId: organisation.id,
      name: values.name,
      legalName: values.legalName || undefined,
      country: values.country || undefined,
      website: values.website.trim() || undefined,
      description: values.description,
    };
    if (await attempt(update({ variables: { input } }))) onSaved();
  };

  return (
    <form onSubmit={submit} aria-label="Organisation details" className="stack">
      <Field label="Organisation name" error={fieldError('name')}>
        <input value={values.name} onChange={(e) => set({ name: e.target.value })} required />
      </Field>
      <Field label="Legal name" error={fieldError('legalName')} hint="As registered; trademark owners are checked against it">
        <input value={values.legalName} onChange={(e) => set({ legalName: e.target.value })} />
      </Field>
      <Field label="Country" error={fieldError('country')}>
        <CountrySelect value={values.country} onChange={(country) => set({ country })} emptyLabel="Choose a country" />
      </Field>
      <Field label="Website" error={fieldError('website')} hint="https://…">
        <input type="url" value={values.website} onChange={(e) => set({ website: e.target.value })} />
      </Field>
      <Field label="Description" error={fieldError('description')}>
        <textarea rows={3} value={values.description} onChange={(e) => set({ description: e.target.value })} />
      </Field>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" disabled={loading}>Save organisation details</Button>
        {called && !loading && !error && <span role="status" className="ok">Saved</span>}
      </div>
    </form>
  );
}
