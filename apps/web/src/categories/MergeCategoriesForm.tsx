import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { ConfirmButton } from '../common/ConfirmButton';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import { refetchCategories } from './categoriesAdmin';

const MergeCategories = graphql(`
  mutation MergeCategories($input: MergeCategoriesInput!) {
    mergeCategories(input: $input) { id name }
  }
`);

/** Two active categories become one: the source's members move to the target and the source retires. */
export function MergeCategoriesForm({ categories }: { categories: readonly { id: string; name: string }[] }) {
  const [sourceId, setSourceId] = useState('');
  const [targetId, setTargetId] = useState('');
  const [merged, setMerged] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [merge] = useMutation(MergeCategories, refetchCategories);
  const errors = placeErrors(error, ['sourceId', 'targetId']);
  const nameOf = (id: string) => categories.find((c) => c.id === id)?.name ?? '';
  const source = nameOf(sourceId);
  const target = nameOf(targetId);

  const run = async () => {
    setError(undefined);
    setMerged(undefined);
    try {
      await merge({ variables: { input: { sourceId, targetId } } });
      setMerged(`“${source}” is merged into “${target}”.`);
      setSourceId('');
      setTargetId('');
    } catch (e) {
      setError(e);
    }
  };

  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label="Merge categories" className="panel">
      <h2>Merge categories</h2>
      <Field label="Category to merge" name="sourceId" errors={errors} hint="Its members move to the other category; it is retired">
        <select value={sourceId} onChange={(e) => { setSourceId(e.target.value); setMerged(undefined); }}>
          <option value="">Choose a category</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      <Field label="Merge into" name="targetId" errors={errors}>
        <select value={targetId} onChange={(e) => { setTargetId(e.target.value); setMerged(undefined); }}>
          <option value="">Choose a category</option>
          {categories.filter((c) => c.id !== sourceId).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      <FormAlert message={errors.form} />
      {merged && <p role="status" className="ok">{merged}</p>}
      <div>
        <ConfirmButton action="Merge" disabled={!sourceId || !targetId}
          question={`Move every member of “${source}” into “${target}” and retire “${source}”? This cannot be undone.`}
          onConfirm={run} />
      </div>
    </form>
  );
}
