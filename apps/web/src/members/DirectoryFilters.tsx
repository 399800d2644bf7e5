import { useEffect, useState } from 'react';
import { useCategories } from '../categories/useCategories';
import { CountrySelect } from '../common/CountrySelect';
import { Field } from '../ui/Field';
import { MEMBERSHIP_STATUSES, statusLabel } from '../common/format';

export interface DirectoryFilterValues {
  search: string;
  country: string;
  categoryId: string;
  status: string;
}

/** The directory's filters; the name search applies a moment after typing stops. */
export function DirectoryFilters({ values, onChange, showStatus }: {
  values: DirectoryFilterValues;
  onChange: (next: Partial<DirectoryFilterValues>) => void;
  showStatus: boolean;
}) {
  const { categories } = useCategories();
  const [search, setSearch] = useState(values.search);
  // when the address changes by other means (a link, back), the box follows it
  const [applied, setApplied] = useState(values.search);
  if (values.search !== applied) {
    setApplied(values.search);
    setSearch(values.search);
  }
  useEffect(() => {
    if (search === values.search) return;
    const timer = setTimeout(() => onChange({ search }), 300);
    return () => clearTimeout(timer);
  }, [search, values.search, onChange]);

  return (
    <form role="search" aria-label="Filter members" className="filters" onSubmit={(e) => { e.preventDefault(); onChange({ search }); }}>
      <Field label="Search by name">
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Organisation or brand" />
      </Field>
      <Field label="Country">
        <CountrySelect value={values.country} onChange={(country) => onChange({ country })} emptyLabel="All countries" />
      </Field>
      <Field label="Category">
        <select value={values.categoryId} onChange={(e) => onChange({ categoryId: e.target.value })}>
          <option value="">All categories</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      {showStatus && (
        <Field label="Status">
          <select value={values.status} onChange={(e) => onChange({ status: e.target.value })}>
            <option value="">Any status</option>
            {MEMBERSHIP_STATUSES.map((s) => <option key={s} value={s}>{statusLabel(s)}</option>)}
          </select>
        </Field>
      )}
    </form>
  );
}
