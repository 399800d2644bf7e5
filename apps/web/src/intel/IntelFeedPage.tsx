import { useQuery } from '@apollo/client/react';
import { Link, useSearchParams } from 'react-router-dom';
import { countryName } from '../common/countries';
import { formatDateTime, SHARING_LEVEL_ORDER, sharingLevelLabel } from '../common/format';
import { graphql } from '../gql';
import type { ReportFilter, ReportRowFragment, ReportStatus, SharingLevel } from '../gql/graphql';
import { DataTable, type Column, type LoadMore } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';
import { ExportButtons } from './ExportButtons';
import { REPORT_STATUSES, reportKindLabel, reportStatusLabel } from './labels';
import { TlpBadge } from './TlpBadge';
import { useIntelAccess } from './useIntelAccess';

const PAGE_SIZE = 20;

graphql(`
  fragment ReportRow on IntelReport {
    id title kind status sharingLevel confidence country publishedAt createdAt
    reporter { id name }
  }
`);

const IntelFeedQuery = graphql(`
  query IntelFeed($first: Int, $after: String, $filter: ReportFilter) {
    intelReports(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...ReportRow } }
    }
  }
`);

const REPORT_COLUMNS: Column<ReportRowFragment>[] = [
  { id: 'title', header: 'Title', sortValue: (r) => r.title, cell: (r) => <Link to={`/intel/${encodeURIComponent(r.id)}`}>{r.title}</Link> },
  { id: 'sharing', header: 'Sharing', sortValue: (r) => SHARING_LEVEL_ORDER.indexOf(r.sharingLevel), cell: (r) => <TlpBadge level={r.sharingLevel} /> },
  { id: 'status', header: 'Status', cell: (r) => <span className={`badge report-${r.status.toLowerCase()}`}>{reportStatusLabel(r.status)}</span> },
  { id: 'kind', header: 'Kind', cell: (r) => reportKindLabel(r.kind) },
  { id: 'reporter', header: 'Reporter', sortValue: (r) => r.reporter?.name, cell: (r) => r.reporter?.name ?? '—' },
  { id: 'country', header: 'Country', sortValue: (r) => countryName(r.country), cell: (r) => countryName(r.country) },
  { id: 'confidence', header: 'Confidence', className: 'num', sortValue: (r) => r.confidence, cell: (r) => r.confidence },
  { id: 'date', header: 'Date', className: 'nowrap', sortValue: (r) => r.publishedAt ?? r.createdAt, cell: (r) => formatDateTime(r.publishedAt ?? r.createdAt) },
];

/** Reports as a table: title (to the report), TLP, status, kind, reporter, country, date. */
export function ReportTable({ reports, label, empty, loadMore }: { reports: readonly ReportRowFragment[]; label: string; empty?: string; loadMore?: LoadMore }) {
  return <DataTable label={label} className="reports" columns={REPORT_COLUMNS} rows={reports} rowKey={(r) => r.id} empty={<p>{empty ?? 'No report.'}</p>} loadMore={loadMore} />;
}

/** /intel — the intelligence feed: reports the caller may see, newest first, filtered in the address. */
export function IntelFeedPage() {
  const access = useIntelAccess();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const level = params.get('level') ?? '';
  const mine = params.get('mine') === '1';
  const filter: ReportFilter = {
    ...(status ? { statuses: [status as ReportStatus] } : {}),
    ...(level ? { sharingLevels: [level as SharingLevel] } : {}),
    ...(mine ? { mine: true } : {}),
  };
  const { data, loading, error, fetchMore } = useQuery(IntelFeedQuery, {
    variables: { first: PAGE_SIZE, filter },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const setParam = (name: string, value: string) =>
    setParams((prev) => {
      const out = new URLSearchParams(prev);
      if (value) out.set(name, value);
      else out.delete(name);
      return out;
    }, { replace: true });

  const reports = data?.intelReports;
  return (
    <Page title="Intelligence" actions={
      <>
        {access.activeMember && <Link to="/intel/new" className="button">New report</Link>}
        {access.activeMember && <Link to="/intel/import" className="button secondary">Import</Link>}
        <Link to="/intel/search" className="button secondary">Search</Link>
        {(access.activeMember || access.coordinator) && <Link to="/intel/contacts" className="button secondary">Contact requests</Link>}
      </>
    }>
      <form role="search" aria-label="Filter reports" className="filters feed-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Status">
          <select value={status} onChange={(e) => setParam('status', e.target.value)}>
            <option value="">Any status</option>
            {REPORT_STATUSES.map((s) => <option key={s.status} value={s.status}>{s.label}</option>)}
          </select>
        </Field>
        <Field label="Sharing level">
          <select value={level} onChange={(e) => setParam('level', e.target.value)}>
            <option value="">Any level</option>
            {SHARING_LEVEL_ORDER.map((l) => <option key={l} value={l}>{sharingLevelLabel(l)}</option>)}
          </select>
        </Field>
        {access.activeMember && (
          <label className="check">
            <input type="checkbox" checked={mine} onChange={(e) => setParam('mine', e.target.checked ? '1' : '')} />
            Only my organisation’s reports
          </label>
        )}
      </form>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!reports && loading && <p>Loading…</p>}
      {reports && (
        <>
          <p className="count" aria-live="polite">
            {reports.totalCount === 1 ? '1 report' : `${reports.totalCount} reports`}
            {reports.edges.length < reports.totalCount && `, ${reports.edges.length} shown`}
          </p>
          <ReportTable label="Reports" reports={reports.edges.map((e) => e.node)} empty="No report matches." loadMore={{
            hasNextPage: reports.pageInfo.hasNextPage,
            loading,
            onLoadMore: () => fetchMore({ variables: { after: reports.pageInfo.endCursor } }),
          }} />
          {reports.edges.length > 0 && (
            <ExportButtons showLabel scope={{ reportIds: reports.edges.map((e) => e.node.id) }}
              label={reports.edges.length === 1 ? 'Export the report shown' : `Export the ${reports.edges.length} reports shown`} />
          )}
        </>
      )}
    </Page>
  );
}
