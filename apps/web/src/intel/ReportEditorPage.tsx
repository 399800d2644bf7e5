import { skipToken, useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { graphql } from '../gql';
import { ReportForm } from './ReportForm';

const ReportEditorQuery = graphql(`
  query ReportEditor {
    viewer { organisation { id country brands { id name } } }
    alliance { id homeCountry defaultSharingLevel marketplaces }
    categories { id name }
  }
`);

const ReportToEditQuery = graphql(`
  query ReportToEdit($id: ID!) {
    node(id: $id) { __typename id ... on IntelReport { ...ReportEditable } }
  }
`);

/** /intel/new and /intel/:id/edit: a new report, or a change to one of the organisation's own. */
export function ReportEditorPage() {
  const { reportId } = useParams();
  const { data, loading, error } = useQuery(ReportEditorQuery, { fetchPolicy: 'cache-and-network' });
  const existing = useQuery(ReportToEditQuery, reportId ? { variables: { id: reportId }, fetchPolicy: 'network-only' } : skipToken);

  if ((loading && !data) || (reportId && existing.loading && !existing.data)) return <main><p>Loading…</p></main>;
  const failure = error ?? existing.error;
  if (!data || failure) return <main><p role="alert">{failure?.message ?? 'Could not load the form.'}</p></main>;

  const organisation = data.viewer.organisation;
  const report = existing.data?.node?.__typename === 'IntelReport' ? existing.data.node : undefined;
  if (reportId && !report) return <main><p role="alert">Report not found.</p></main>;
  if (report && report.reporter?.id !== organisation?.id) return <main><p role="alert">Only the reporting organisation changes its report.</p></main>;
  if (report?.status === 'RETRACTED') return <main><p role="alert">This report is retracted; it cannot change. <Link to={`/intel/${encodeURIComponent(report.id)}`}>Back to the report</Link></p></main>;

  return (
    <main className="wide">
      <p className="crumbs"><Link to="/intel">Intelligence</Link>{report && <> › <Link to={`/intel/${encodeURIComponent(report.id)}`}>{report.title}</Link></>}</p>
      <h1>{!report ? 'New report' : report.status === 'PUBLISHED' ? 'Amend report' : 'Edit draft'}</h1>
      <ReportForm
        report={report}
        brands={organisation?.brands ?? []}
        categories={data.categories}
        marketplaces={data.alliance.marketplaces}
        defaultSharingLevel={data.alliance.defaultSharingLevel}
        defaultCountry={organisation?.country ?? data.alliance.homeCountry}
      />
    </main>
  );
}
