import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { refetchCategories } from './categoriesAdmin';

const CreateCategory = graphql(`
  mutation CreateCategory($input: CreateCategoryInput!) {
    createCategory(input: $input) { id name status }
  }
`);

/** A coordinator adds a category; a name already in use comes back at the name field. */
export function AddCategoryForm() {
  const [name, setName] = useState('');
  const [added, setAdded] = useState<string>();
  const [create, { loading, error, reset }] = useMutation(CreateCategory, refetchCategories);
  const errors = placeErrors(error, ['name']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    const data = await attempt(create({ variables: { input: { name } } }));
    if (data) {
      setAdded(data.createCategory.name);
      setName('');
    }
  };

  return (
    <form onSubmit={submit} aria-label="Add a category" className="panel">
      <h2>Add a category</h2>
      <Field label="Name" name="name" errors={errors}>
        <input value={name} onChange={(e) => { setName(e.target.value); if (error) reset(); }} required />
      </Field>
      <FormAlert message={errors.form} />
      {added && <p role="status" className="ok">“{added}” is added.</p>}
      <div><Button type="submit" busy={loading} busyLabel="Adding…">Add category</Button></div>
    </form>
  );
}
