import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { CategoryPicker } from '../categories/CategoryPicker';
import { useCategories } from '../categories/useCategories';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { FormAlert } from '../ui/Field';
import { graphql } from '../gql';

const SetMembershipCategories = graphql(`
  mutation SetMembershipCategories($input: SetMembershipCategoriesInput!) {
    setMembershipCategories(input: $input) { id categories { id name } }
  }
`);

/** Step 2: the industries the applicant works in. */
export function MembershipCategoriesForm({ membershipId, current, submitError, onSaved }: {
  membershipId: string;
  current: readonly { id: string }[];
  submitError?: string;
  onSaved: () => void;
}) {
  const { categories } = useCategories();
  const [selected, setSelected] = useState(current.map((c) => c.id));
  const [save, { loading, error, called }] = useMutation(SetMembershipCategories);
  const errors = placeErrors(error, ['categoryIds']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await attempt(save({ variables: { input: { membershipId, categoryIds: selected } } }))) onSaved();
  };

  return (
    <form onSubmit={submit} aria-label="Industry categories">
      <CategoryPicker categories={categories} selected={selected} onChange={setSelected} error={errors.byField.categoryIds ?? submitError} />
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button type="submit" disabled={loading}>Save categories</Button>
        {called && !loading && !error && <span role="status" className="ok">Saved</span>}
      </div>
    </form>
  );
}
