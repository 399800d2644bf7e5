import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { IndicatorType, WatchlistQuery as Watchlist } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { indicatorKey } from './indicatorKeys';
import { INDICATOR_TYPES, indicatorTypeLabel } from './labels';

const WatchlistQuery = graphql(`
  query Watchlist {
    watchlist { id kind brandId categoryId indicatorType indicatorKey createdAt }
    viewer { organisation { id country brands { id name } } }
    alliance { id homeCountry marketplaces }
    categories { id name }
  }
`);

const AddToWatchlist = graphql(`
  mutation AddToWatchlist($input: AddToWatchlistInput!) {
    addToWatchlist(input: $input) { id kind brandId categoryId indicatorType indicatorKey createdAt }
  }
`);

const RemoveFromWatchlist = graphql(`
  mutation RemoveFromWatchlist($id: ID!) {
    removeFromWatchlist(id: $id)
  }
`);

type Watch = Watchlist['watchlist'][number];
type Kind = 'BRAND' | 'CATEGORY' | 'INDICATOR';
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'INDICATOR', label: 'An indicator' },
  { kind: 'BRAND', label: 'One of your brands' },
  { kind: 'CATEGORY', label: 'An industry category' },
];

/** /intel/watchlist — what the organisation watches; a visible report that matches raises a notification. */
export function WatchlistPage() {
  const { data, loading, error } = useQuery(WatchlistQuery, { fetchPolicy: 'cache-and-network' });
  const [remove, removing] = useMutation(RemoveFromWatchlist, { refetchQueries: ['Watchlist'], awaitRefetchQueries: true });
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">{error?.message ?? 'Could not load the watchlist.'}</p></main>;

  const brands = data.viewer.organisation?.brands ?? [];
  const brandName = (id: string | null | undefined) => brands.find((b) => b.id === id)?.name ?? 'A brand';
  const categoryName = (id: string | null | undefined) => data.categories.find((c) => c.id === id)?.name ?? 'A retired category';
  const whatOf = (w: Watch) => (w.kind === 'BRAND' ? brandName(w.brandId) : w.kind === 'CATEGORY' ? categoryName(w.categoryId) : `${w.indicatorKey}`);
  const columns: Column<Watch>[] = [
    { id: 'kind', header: 'Kind', cell: (w) => (w.kind === 'INDICATOR' && w.indicatorType ? indicatorTypeLabel(w.indicatorType) : w.kind === 'BRAND' ? 'Brand' : 'Category') },
    { id: 'what', header: 'What', sortValue: whatOf, cell: (w) => (w.kind === 'INDICATOR' ? <code>{whatOf(w)}</code> : whatOf(w)) },
    { id: 'createdAt', header: 'Since', className: 'nowrap', sortValue: (w) => w.createdAt, cell: (w) => formatDateTime(w.createdAt) },
    { id: 'actions', header: <span className="sr-only">Actions</span>, cell: (w) => (
      <Button variant="secondary" small disabled={removing.loading} onClick={() => attempt(remove({ variables: { id: w.id } }))}>
        Remove<span className="sr-only"> {whatOf(w)}</span>
      </Button>
    ) },
  ];
  return (
    <main>
      <h1>Watchlist</h1>
      <p>Your organisation is notified when a report it may see names something it watches.</p>
      <div className="columns wide-first">
        <section aria-label="Watched">
          <h2>Watched ({data.watchlist.length})</h2>
          <DataTable label="Watchlist" columns={columns} rows={data.watchlist} rowKey={(w) => w.id} empty={<p>Nothing watched yet.</p>} />
          {removing.error && <p role="alert" className="form-error">{removing.error.message}</p>}
        </section>
        <AddWatchForm brands={brands} categories={data.categories} country={data.viewer.organisation?.country ?? data.alliance.homeCountry} marketplaces={data.alliance.marketplaces} />
      </div>
    </main>
  );
}

function AddWatchForm({ brands, categories, country, marketplaces }: {
  brands: readonly { id: string; name: string }[];
  categories: readonly { id: string; name: string }[];
  /** where phone numbers without a country code are read */
  country: string;
  marketplaces: readonly string[];
}) {
  const [kind, setKind] = useState<Kind>('INDICATOR');
  const [brandId, setBrandId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [indicatorType, setIndicatorType] = useState<IndicatorType>('EMAIL');
  const [value, setValue] = useState('');
  const [added, setAdded] = useState<string>();
  const [add, { loading, error, reset }] = useMutation(AddToWatchlist, { refetchQueries: ['Watchlist'], awaitRefetchQueries: true });
  const errors = placeErrors(error, ['kind', 'brandId', 'categoryId', 'indicatorType', 'value']);
  // the API reads a watched value as the organisation's reports do: phones in its country (else the alliance's home country), the alliance's marketplaces
  const live = kind === 'INDICATOR' && value.trim() ? indicatorKey(indicatorType, value, { country, marketplaces }) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(undefined);
    const input = kind === 'BRAND' ? { kind, brandId } : kind === 'CATEGORY' ? { kind, categoryId } : { kind, indicatorType, value };
    const data = await attempt(add({ variables: { input } }));
    if (data) {
      const w = data.addToWatchlist;
      setAdded(w.kind === 'INDICATOR' ? `${w.indicatorKey}` : w.kind === 'BRAND' ? brands.find((b) => b.id === brandId)?.name : categories.find((c) => c.id === categoryId)?.name);
      setValue('');
    }
  };

  return (
    <form onSubmit={submit} aria-label="Watch something" className="panel stack-form">
      <h2>Watch something</h2>
      <Field label="What to watch" name="kind" errors={errors}>
        <select value={kind} onChange={(e) => { setKind(e.target.value as Kind); reset(); }}>
          {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
        </select>
      </Field>
      {kind === 'BRAND' && (
        <Field label="Brand" name="brandId" errors={errors}>
          <select value={brandId} onChange={(e) => setBrandId(e.target.value)} required>
            <option value="">Choose a brand…</option>
            {brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </Field>
      )}
      {kind === 'CATEGORY' && (
        <Field label="Category" name="categoryId" errors={errors}>
          <select value={categoryId} onChange={(e) => setCategoryId(e.target.value)} required>
            <option value="">Choose a category…</option>
            {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </Field>
      )}
      {kind === 'INDICATOR' && (
        <>
          <Field label="Indicator type" name="indicatorType" errors={errors}>
            <select value={indicatorType} onChange={(e) => setIndicatorType(e.target.value as IndicatorType)}>
              {INDICATOR_TYPES.map((t) => <option key={t.type} value={t.type}>{t.label}</option>)}
            </select>
          </Field>
          <Field label="Value" error={errors.byField.value ?? (live && !live.ok ? live.reason : undefined)}
            hint={live?.ok ? `Key: ${live.key}` : `Phones without a country code are read in ${country}`}>
            <input value={value} onChange={(e) => setValue(e.target.value)} placeholder={INDICATOR_TYPES.find((t) => t.type === indicatorType)?.example} required />
          </Field>
        </>
      )}
      <FormAlert message={errors.form} />
      {added && <p role="status" className="ok">Watching {added}.</p>}
      <div><Button type="submit" disabled={loading || (live !== null && !live.ok)}>{loading ? 'Adding…' : 'Watch'}</Button></div>
    </form>
  );
}
