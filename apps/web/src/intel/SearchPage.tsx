import { skipToken, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { CountrySelect } from '../common/CountrySelect';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field } from '../ui/Field';
import { SHARING_LEVEL_ORDER, sharingLevelLabel } from '../common/format';
import { graphql } from '../gql';
import type { IndicatorType, IntelSearchFilter, SharingLevel } from '../gql/graphql';
import { BlindMatchNotice } from './BlindMatchNotice';
import { INDICATOR_TYPES, indicatorTypeLabel, reportKindLabel } from './labels';
import { TlpBadge } from './TlpBadge';
import { useIntelAccess } from './useIntelAccess';

const PAGE_SIZE = 20;

const SearchIntelQuery = graphql(`
  query SearchIntel($query: String!, $filter: IntelSearchFilter, $first: Int, $after: String) {
    searchIntel(query: $query, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          score titleMatched
          report { id title kind sharingLevel status publishedAt reporter { id name } }
          matchedIndicators { id type value key }
        }
      }
    }
  }
`);

const BlindMatchesQuery = graphql(`
  query IntelBlindMatches($value: String!) {
    intelBlindMatches(value: $value) { type key organisations }
  }
`);

interface Criteria {
  q: string;
  types: IndicatorType[];
  country: string;
  since: string;
  until: string;
  levels: SharingLevel[];
}

function criteriaOf(params: URLSearchParams): Criteria {
  return {
    q: params.get('q') ?? '',
    types: (params.get('types')?.split(',').filter(Boolean) ?? []) as IndicatorType[],
    country: params.get('country') ?? '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
    levels: (params.get('levels')?.split(',').filter(Boolean) ?? []) as SharingLevel[],
  };
}

function paramsOf(c: Criteria): URLSearchParams {
  const out = new URLSearchParams();
  if (c.q) out.set('q', c.q);
  if (c.types.length) out.set('types', c.types.join(','));
  if (c.country) out.set('country', c.country);
  if (c.since) out.set('since', c.since);
  if (c.until) out.set('until', c.until);
  if (c.levels.length) out.set('levels', c.levels.join(','));
  return out;
}

const FILTER_FIELDS = ['query', 'filter.types', 'filter.country', 'filter.since', 'filter.until', 'filter.sharingLevels'];

/**
 * /intel/search — fuzzy search over indicator values and report titles, within what the caller may
 * see; below, whether the value sits in reports the caller may not see (a blind match), with a way
 * to ask the holders to connect. The search runs on submit and lives in the address.
 */
export function SearchPage() {
  const access = useIntelAccess();
  const [params, setParams] = useSearchParams();
  const applied = criteriaOf(params);
  const [draft, setDraft] = useState<Criteria>(applied);
  const [appliedKey, setAppliedKey] = useState(params.toString());
  // the form follows the address when it changes by other means (back, a link)
  if (params.toString() !== appliedKey) {
    setAppliedKey(params.toString());
    setDraft(applied);
  }
  const set = (changes: Partial<Criteria>) => setDraft((d) => ({ ...d, ...changes }));
  const toggle = <T,>(list: T[], item: T, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item));

  const filter: IntelSearchFilter = {
    ...(applied.types.length ? { types: applied.types } : {}),
    ...(applied.country ? { country: applied.country } : {}),
    ...(applied.since ? { since: applied.since } : {}),
    ...(applied.until ? { until: applied.until } : {}),
    ...(applied.levels.length ? { sharingLevels: applied.levels } : {}),
  };
  const searching = applied.q !== '';
  const { data, loading, error, fetchMore } = useQuery(
    SearchIntelQuery,
    searching ? { variables: { query: applied.q, filter, first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true } : skipToken,
  );
  const blind = useQuery(BlindMatchesQuery, searching && access.activeMember && applied.q.trim().length >= 3 ? { variables: { value: applied.q.trim() } } : skipToken);
  const errors = placeErrors(error, FILTER_FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(paramsOf({ ...draft, q: draft.q.trim() }));
  };

  const results = data?.searchIntel;
  return (
    <Page title="Search intelligence">
      <form role="search" aria-label="Search intelligence" onSubmit={submit} className="search-form panel">
        <div className="search-box">
          <Field label="Search for" name="query" errors={errors} hint="A phone, e-mail, address, store, name… or words of a title; 3 characters at least">
            <input type="search" value={draft.q} onChange={(e) => set({ q: e.target.value })} />
          </Field>
          <Button type="submit">Search</Button>
        </div>
        <details className="editor" open={applied.types.length + applied.levels.length > 0 || Boolean(applied.country || applied.since || applied.until)}>
          <summary>Filters</summary>
          <div className="grid-2">
            <Field label="Country" error={errors.byField['filter.country']}>
              <CountrySelect value={draft.country} onChange={(country) => set({ country })} emptyLabel="Any country" />
            </Field>
            <Field label="Published since" error={errors.byField['filter.since']}>
              <input type="date" value={draft.since} onChange={(e) => set({ since: e.target.value })} />
            </Field>
            <Field label="Published before" error={errors.byField['filter.until']}>
              <input type="date" value={draft.until} onChange={(e) => set({ until: e.target.value })} />
            </Field>
          </div>
          <fieldset className="checkboxes">
            <legend>Sharing levels</legend>
            {SHARING_LEVEL_ORDER.map((l) => (
              <label key={l} className="check">
                <input type="checkbox" checked={draft.levels.includes(l)} onChange={(e) => set({ levels: toggle(draft.levels, l, e.target.checked) })} />
                {sharingLevelLabel(l)}
              </label>
            ))}
          </fieldset>
          <fieldset className="checkboxes">
            <legend>Indicator types</legend>
            {INDICATOR_TYPES.map((t) => (
              <label key={t.type} className="check">
                <input type="checkbox" checked={draft.types.includes(t.type)} onChange={(e) => set({ types: toggle(draft.types, t.type, e.target.checked) })} />
                {t.label}
              </label>
            ))}
          </fieldset>
        </details>
        {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      </form>

      {searching && !error && (
        <section aria-label="Results">
          <h2>Results</h2>
          {!results && loading && <p>Searching…</p>}
          {results && (
            <>
              <p className="count" aria-live="polite">
                {results.totalCount === 1 ? '1 report' : `${results.totalCount} reports`} for “{applied.q}”
                {results.edges.length < results.totalCount && `, ${results.edges.length} shown`}
              </p>
              <ol className="plain hits">
                {results.edges.map(({ node: hit }) => (
                  <li key={hit.report.id} className="hit panel">
                    <div className="hit-head">
                      <Link to={`/intel/${encodeURIComponent(hit.report.id)}`}>{hit.report.title}</Link>
                      <TlpBadge level={hit.report.sharingLevel} />
                      <span className="score" title="Similarity, 0–100%">score {Math.round(hit.score * 100)}%</span>
                      {hit.titleMatched && <span className="badge title-match">title matched</span>}
                    </div>
                    <div className="hint">{reportKindLabel(hit.report.kind)} · {hit.report.reporter?.name ?? 'Reporter not shown'}</div>
                    {hit.matchedIndicators.length > 0 && (
                      <ul className="plain matched" aria-label="Matched indicators">
                        {hit.matchedIndicators.map((i) => (
                          <li key={i.id}><span className="badge">{indicatorTypeLabel(i.type)}</span> {i.value} <code>{i.key}</code></li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
              {results.pageInfo.hasNextPage && (
                <p>
                  <Button variant="secondary" disabled={loading}
                    onClick={() => fetchMore({ variables: { after: results.pageInfo.endCursor } })}>
                    {loading ? 'Loading…' : 'Load more'}
                  </Button>
                </p>
              )}
            </>
          )}
        </section>
      )}

      {blind.data && blind.data.intelBlindMatches.length > 0 && (
        <section aria-label="Blind matches" className="panel blind">
          <h2>Also held elsewhere</h2>
          <ul className="plain">
            {blind.data.intelBlindMatches.map((m) => (
              <BlindMatchNotice key={`${m.type}:${m.key}`} type={m.type} indicatorKey={m.key} organisations={m.organisations} />
            ))}
          </ul>
        </section>
      )}
      {blind.error && <p role="alert" className="form-error">{apiErrors(blind.error).map((e) => e.message).join(' ')}</p>}
    </Page>
  );
}
