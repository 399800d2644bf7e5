import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { EnforcementCaseRowFragment, EnforcementCaseStatus } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { CASE_STATUS_LABELS, CASE_STATUSES, formatMoney } from './labels';

const PAGE_SIZE = 50;

graphql(`
  fragment EnforcementCaseRow on EnforcementCase {
    id title status openedAt updatedAt
    leadOrganisation { id name }
    referral { agency jurisdiction }
    outcomes { arrests unitsSeized sitesClosed { total } valueSeized { amount currency } }
  }
`);

const EnforcementCasesQuery = graphql(`
  query EnforcementCases($first: Int, $after: String, $status: EnforcementCaseStatus) {
    enforcementCases(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...EnforcementCaseRow } }
    }
  }
`);

export function CaseStatusBadge({ status }: { status: EnforcementCaseStatus }) {
  return <span className={`badge case-${status.toLowerCase().replace(/_/g, '-')}`}>{CASE_STATUS_LABELS[status]}</span>;
}

const link = (c: EnforcementCaseRowFragment, text: string) => <Link to={`/cases/${encodeURIComponent(c.id)}`}>{text}</Link>;

const COLUMNS: Column<EnforcementCaseRowFragment>[] = [
  { id: 'status', header: 'Status', cell: (c) => <CaseStatusBadge status={c.status} />, sortValue: (c) => CASE_STATUS_LABELS[c.status] },
  { id: 'title', header: 'Case', cell: (c) => link(c, c.title), sortValue: (c) => c.title },
  { id: 'lead', header: 'Lead member', cell: (c) => c.leadOrganisation?.name ?? '—', sortValue: (c) => c.leadOrganisation?.name },
  { id: 'referral', header: 'Referred to', cell: (c) => (c.referral ? `${c.referral.agency} (${c.referral.jurisdiction})` : '—') },
  { id: 'arrests', header: 'Arrests', className: 'num', cell: (c) => c.outcomes.arrests, sortValue: (c) => c.outcomes.arrests },
  { id: 'sites', header: 'Sites closed', className: 'num', cell: (c) => c.outcomes.sitesClosed.total, sortValue: (c) => c.outcomes.sitesClosed.total },
  { id: 'seized', header: 'Value seized', className: 'num', cell: (c) => formatMoney(c.outcomes.valueSeized) },
  { id: 'opened', header: 'Opened', className: 'nowrap', cell: (c) => formatDateTime(c.openedAt), sortValue: (c) => c.openedAt },
];

const INTRO: Record<string, string> = {
  COORDINATOR: 'Every enforcement case of the alliance, newest first.',
  PARTNER: 'The cases the alliance referred to your agency.',
};

/** /cases: the cases the caller may see (members: those they lead or take part in; partners: those referred to them). */
export function EnforcementCasesPage() {
  const { viewer } = useViewer();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') || undefined) as EnforcementCaseStatus | undefined;
  const { data, loading, error, fetchMore } = useQuery(EnforcementCasesQuery, {
    variables: { first: PAGE_SIZE, status },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const cases = data?.enforcementCases;
  return (
    <Page title="Enforcement cases" width="wide" intro={INTRO[viewer?.role ?? ''] ?? 'The cases your organisation leads or takes part in, newest first.'}
      actions={viewer?.role !== 'PARTNER' ? <Link className="button" to="/cases/new">Open a case</Link> : undefined}>
      <form role="search" aria-label="Filter the cases" className="feed-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
            <option value="">Any</option>
            {CASE_STATUSES.map((s) => <option key={s} value={s}>{CASE_STATUS_LABELS[s]}</option>)}
          </select>
        </Field>
      </form>
      {cases && <p className="count" aria-live="polite">{cases.totalCount === 1 ? '1 case' : `${cases.totalCount} cases`}</p>}
      <DataTable label="Enforcement cases" className="cases" columns={COLUMNS} rows={cases?.edges.map((e) => e.node)} rowKey={(c) => c.id} loading={loading} error={error}
        empty={<p>{status ? 'No case in this status.' : 'No case yet.'}</p>}
        loadMore={cases && { hasNextPage: cases.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: cases.pageInfo.endCursor } }) }} />
    </Page>
  );
}
