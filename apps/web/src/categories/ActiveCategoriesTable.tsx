import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { graphql } from '../gql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
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

interface Category { id: string; name: string }

/** The rename form that stands in for a category's name while it is renamed. */
function RenameForm({ category, onDone }: { category: Category; onDone: () => void }) {
  const [name, setName] = useState(category.name);
  const [rename, renameState] = useMutation(RenameCategory, refetchCategories);
  const errors = placeErrors(renameState.error, ['name']);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await attempt(rename({ variables: { input: { id: category.id, name } } }))) onDone();
  };
  return (
    <form onSubmit={save} aria-label={`Rename ${category.name}`} className="inline">
      <Field label={`New name for ${category.name}`} name="name" errors={errors}>
        <input value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
      </Field>
      <div className="actions">
        <Button type="submit" busy={renameState.loading}>Save name</Button>
        <Button variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
      <FormAlert message={errors.form} />
    </form>
  );
}

/** Rename (in place) and retire (after a confirmation). */
function CategoryActions({ category, onRename }: { category: Category; onRename: () => void }) {
  const [retire] = useMutation(RetireCategory, refetchCategories);
  const [retireError, setRetireError] = useState<unknown>();
  return (
    <>
      <div className="actions">
        <Button variant="secondary" onClick={onRename}>Rename</Button>
        <ConfirmButton action="Retire"
          question={`Retire “${category.name}”? Members keep it in their history, but no one can choose it any more.`}
          onConfirm={() => retire({ variables: { id: category.id } }).then(() => setRetireError(undefined), setRetireError)} />
      </div>
      <FormAlert message={placeErrors(retireError, []).form} />
    </>
  );
}

/** The active categories: each renamed in place, or retired after a confirmation. */
export function ActiveCategoriesTable({ categories }: { categories: readonly Category[] }) {
  const [renaming, setRenaming] = useState<string>();
  const columns: Column<Category>[] = [
    { id: 'name', header: 'Name', sortValue: (c) => c.name,
      cell: (c) => (renaming === c.id ? <RenameForm category={c} onDone={() => setRenaming(undefined)} /> : c.name) },
    { id: 'actions', header: 'Actions', cell: (c) => (renaming === c.id ? null : <CategoryActions category={c} onRename={() => setRenaming(c.id)} />) },
  ];
  return <DataTable label="Active categories" columns={columns} rows={categories} rowKey={(c) => c.id} empty={<p>No active category.</p>} />;
}
