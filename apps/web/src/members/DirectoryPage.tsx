import { useQuery } from '@apollo/client/react';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { graphql } from '../gql';
import type { MemberFilter, MembershipStatus } from '../gql/graphql';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { DirectoryFilters, type DirectoryFilterValues } from './DirectoryFilters';
import { MemberTable } from './MemberTable';

const PAGE_SIZE = 20;

const DirectoryQuery = graphql(`
  query Directory($first: Int, $after: String, $filter: MemberFilter) {
    members(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...MemberRow } }
    }
  }
`);

const PARAMS: Record<keyof DirectoryFilterValues, string> = { search: 'q', country: 'country', categoryId: 'category', status: 'status' };

/** The member directory; its filters live in the address, so a filtered view can be shared. */
export function DirectoryPage() {
  const { viewer } = useViewer();
  const [params, setParams] = useSearchParams();
  const values: DirectoryFilterValues = {
    search: params.get(PARAMS.search) ?? '',
    country: params.get(PARAMS.country) ?? '',
    categoryId: params.get(PARAMS.categoryId) ?? '',
    status: params.get(PARAMS.status) ?? '',
  };
  const filter: MemberFilter = {
    ...(values.search.trim() ? { search: values.search.trim() } : {}),
    ...(values.country ? { countries: [values.country] } : {}),
    ...(values.categoryId ? { categoryIds: [values.categoryId] } : {}),
    ...(values.status ? { statuses: [values.status as MembershipStatus] } : {}),
  };
  const { data, loading, error, fetchMore } = useQuery(DirectoryQuery, {
    variables: { first: PAGE_SIZE, filter },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });

  const onChange = useCallback(
    (next: Partial<DirectoryFilterValues>) =>
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(next) as [keyof DirectoryFilterValues, string][]) {
          if (value) out.set(PARAMS[key], value);
          else out.delete(PARAMS[key]);
        }
        return out;
      }, { replace: true }),
    [setParams],
  );

  const members = data?.members;
  return (
    <Page title="Member directory">
      <DirectoryFilters values={values} onChange={onChange} showStatus={viewer?.role === 'COORDINATOR'} />
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!members && loading && <p>Loading…</p>}
      {members && (
        <>
          <p className="count" aria-live="polite">
            {members.totalCount === 1 ? '1 member' : `${members.totalCount} members`}
            {members.edges.length < members.totalCount && `, ${members.edges.length} shown`}
          </p>
          <MemberTable label="Members" members={members.edges.map((e) => e.node)} loadMore={{
            hasNextPage: members.pageInfo.hasNextPage,
            loading,
            onLoadMore: () => fetchMore({ variables: { after: members.pageInfo.endCursor } }),
          }} />
        </>
      )}
    </Page>
  );
}
