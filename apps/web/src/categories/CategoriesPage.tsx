import { useQuery } from '@apollo/client/react';
import { formatDateTime } from '../common/format';
import { AddCategoryForm } from './AddCategoryForm';
import { CategoriesAdminQuery } from './categoriesAdmin';
import { CategoryRow } from './CategoryRow';
import { MergeCategoriesForm } from './MergeCategoriesForm';

/** The coordinator's taxonomy: add, rename, merge and retire the alliance's industry categories. */
export function CategoriesPage() {
  const { data, loading, error } = useQuery(CategoriesAdminQuery, { fetchPolicy: 'cache-and-network' });
  const all = data?.categories ?? [];
  const active = all.filter((c) => c.status === 'ACTIVE');
  const retired = all.filter((c) => c.status === 'RETIRED');

  return (
    <main>
      <h1>Industry categories</h1>
      <p>Members choose from the active categories. A retired category stays in its members’ history; a merged one sends its members to another.</p>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!data && loading && <p>Loading…</p>}
      {data && (
        <div className="columns wide-first">
          <section>
            <h2>Active ({active.length})</h2>
            <table aria-label="Active categories">
              <thead><tr><th>Name</th><th>Actions</th></tr></thead>
              <tbody>{active.map((c) => <CategoryRow key={c.id} category={c} />)}</tbody>
            </table>
          </section>
          <div className="stack">
            <AddCategoryForm />
            <MergeCategoriesForm categories={active} />
          </div>
          <section className="span-all">
            <h2>Retired ({retired.length})</h2>
            {retired.length === 0 ? <p>No category is retired.</p> : (
              <table aria-label="Retired categories">
                <thead><tr><th>Name</th><th>Retired</th><th>Outcome</th></tr></thead>
                <tbody>
                  {retired.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name}</td>
                      <td>{formatDateTime(c.retiredAt)}</td>
                      <td>{c.mergedInto ? <>Merged into {c.mergedInto.name}</> : 'Retired'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </main>
  );
}
