import { useQuery } from '@apollo/client/react';
import { formatDateTime } from '../common/format';
import { AddCategoryForm } from './AddCategoryForm';
import type { CategoriesAdminQuery as CategoriesAdmin } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { ActiveCategoriesTable } from './ActiveCategoriesTable';
import { CategoriesAdminQuery } from './categoriesAdmin';
import { MergeCategoriesForm } from './MergeCategoriesForm';

type Category = CategoriesAdmin['categories'][number];

const RETIRED_COLUMNS: Column<Category>[] = [
  { id: 'name', header: 'Name', sortValue: (c) => c.name, cell: (c) => c.name },
  { id: 'retiredAt', header: 'Retired', sortValue: (c) => c.retiredAt, cell: (c) => formatDateTime(c.retiredAt) },
  { id: 'outcome', header: 'Outcome', cell: (c) => (c.mergedInto ? <>Merged into {c.mergedInto.name}</> : 'Retired') },
];

/** The coordinator's taxonomy: add, rename, merge and retire the alliance's industry categories. */
export function CategoriesPage() {
  const { data, loading, error } = useQuery(CategoriesAdminQuery, { fetchPolicy: 'cache-and-network' });
  const all = data?.categories ?? [];
  const active = all.filter((c) => c.status === 'ACTIVE');
  const retired = all.filter((c) => c.status === 'RETIRED');

  return (
    <Page title="Industry categories"
      intro="Members choose from the active categories. A retired category stays in its members’ history; a merged one sends its members to another.">
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!data && loading && <p>Loading…</p>}
      {data && (
        <div className="columns wide-first">
          <section>
            <h2>Active ({active.length})</h2>
            <ActiveCategoriesTable categories={active} />
          </section>
          <div className="stack">
            <AddCategoryForm />
            <MergeCategoriesForm categories={active} />
          </div>
          <section className="span-all">
            <h2>Retired ({retired.length})</h2>
            <DataTable label="Retired categories" columns={RETIRED_COLUMNS} rows={retired} rowKey={(c) => c.id}
              empty={<p>No category is retired.</p>} />
          </section>
        </div>
      )}
    </Page>
  );
}
