import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { attempt, placeErrors } from '../ui/errors';
import { ConfirmButton } from '../common/ConfirmButton';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { refetchCategories } from './categoriesAdmin';

const RenameCategory = graphql(`
  mutation RenameCategory($input: RenameCategoryInput!) {
    renameCategory(input: $input) { id name }
  }
`);

const RetireCategory = graphql(`
  mutation RetireCategory($id: ID!) {
    retireCategory(id: $id) { id status retiredAt }
  }
`);

/** One active category: renamed in place, or retired after a confirmation. */
export function CategoryRow({ category }: { category: { id: string; name: string } }) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(category.name);
  const [rename, renameState] = useMutation(RenameCategory, refetchCategories);
  const [retire] = useMutation(RetireCategory, refetchCategories);
  const [retireError, setRetireError] = useState<unknown>();
  const errors = placeErrors(renameState.error, ['name']);

  const start = () => {
    renameState.reset();
    setName(category.name);
    setRenaming(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await attempt(rename({ variables: { input: { id: category.id, name } } }))) setRenaming(false);
  };

  return (
    <tr>
      <td>
        {renaming ? (
          <form onSubmit={save} aria-label={`Rename ${category.name}`} className="inline">
            <Field label={`New name for ${category.name}`} error={errors.byField.name}>
              <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
            </Field>
            <div className="actions">
              <button type="submit" disabled={renameState.loading}>Save name</button>
              <button type="button" className="secondary" onClick={() => setRenaming(false)}>Cancel</button>
            </div>
            <FormAlert message={errors.form} />
          </form>
        ) : category.name}
      </td>
      <td>
        {!renaming && (
          <div className="actions">
            <button type="button" className="secondary" onClick={start}>Rename</button>
            <ConfirmButton action="Retire"
              question={`Retire “${category.name}”? Members keep it in their history, but no one can choose it any more.`}
              onConfirm={() => retire({ variables: { id: category.id } }).then(() => setRetireError(undefined), setRetireError)} />
          </div>
        )}
        <FormAlert message={placeErrors(retireError, []).form} />
      </td>
    </tr>
  );
}
