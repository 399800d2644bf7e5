import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router-dom';
import { enumLabel, formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { NetworkPageQuery as NetworkPageData } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { ExplainLink } from './ExplainLink';
import { ExportButtons } from './ExportButtons';
import { indicatorTypeLabel } from './labels';
import { linkingKeys, NetworkGraph } from './NetworkGraph';
import { TlpBadge } from './TlpBadge';
import { useViewer } from '../viewer/useViewer';

const GRAPH_REPORTS = 100;

const NetworkPageQuery = graphql(`
  query NetworkPage($id: ID!, $reports: Int) {
    node(id: $id) {
      __typename id
      ... on CounterfeiterNetwork {
        createdAt
        summary { reportCount firstSeen lastSeen }
        reports(first: $reports) {
          totalCount
          edges {
            node {
              id title sharingLevel publishedAt
              reporter { id name }
              indicators(first: 50) { id type key derivedKeys { type key } }
              brands { id name }
            }
          }
        }
        indicators { type key values reports }
        brands { id name }
        reportingOrganisations { id name }
        events { kind cause at relatedNetworkIds }
        mergedInto { id }
      }
    }
  }
`);

/** /intel/networks/:id — a counterfeiter network as a graph, and as lists beside it. */
type NetworkIndicator = Extract<NonNullable<NetworkPageData['node']>, { __typename: 'CounterfeiterNetwork' }>['indicators'][number];

const NETWORK_INDICATOR_COLUMNS: Column<NetworkIndicator>[] = [
  { id: 'type', header: 'Type', sortValue: (i) => indicatorTypeLabel(i.type), cell: (i) => indicatorTypeLabel(i.type) },
  { id: 'key', header: 'Key', cell: (i) => <><code>{i.key}</code>{i.values.some((v) => v !== i.key) && <div className="hint">{i.values.join(' · ')}</div>}</> },
  { id: 'reports', header: 'Reports', className: 'num', sortValue: (i) => i.reports, cell: (i) => i.reports },
];

export function NetworkPage() {
  const { networkId = '' } = useParams();
  const { data, loading, error } = useQuery(NetworkPageQuery, { variables: { id: networkId, reports: GRAPH_REPORTS }, fetchPolicy: 'cache-and-network' });
  const { viewer } = useViewer();
  const opensCases = viewer?.role === 'COORDINATOR' || viewer?.role === 'MEMBER_ADMIN' || viewer?.role === 'MEMBER_ANALYST';
  if (loading && !data) return <main><p>Loading…</p></main>;
  const network = data?.node?.__typename === 'CounterfeiterNetwork' ? data.node : null;
  if (!network) return <main><p role="alert">{error ? error.message : 'Network not found.'}</p></main>;

  const reports = network.reports.edges.map((e) => e.node);
  const { summary } = network;
  return (
    <main className="wide">
      <p className="crumbs"><Link to="/intel">Intelligence</Link> › Network</p>
      <div className="page-head">
        <h1>Counterfeiter network</h1>
        <ExportButtons scope={{ networkId: network.id }} label="Export the network" />
        {opensCases && <Link className="button secondary" to={`/cases/new?network=${encodeURIComponent(network.id)}`}>Open an enforcement case</Link>}
      </div>
      {network.mergedInto && (
        <p role="note" className="merged">
          This network merged into a larger one; what follows is that network.{' '}
          <Link to={`/intel/networks/${encodeURIComponent(network.mergedInto.id)}`}>Open the network it merged into</Link>
        </p>
      )}
      <p className="summary" aria-label="Network summary">
        <span className="badge">{summary.reportCount === 1 ? '1 report' : `${summary.reportCount} reports`}</span>
        <span className="badge">{network.indicators.length === 1 ? '1 indicator' : `${network.indicators.length} indicators`}</span>
        <span className="badge">{network.brands.length === 1 ? '1 brand' : `${network.brands.length} brands`}</span>
        {summary.firstSeen && <span className="count">first seen {formatDateTime(summary.firstSeen)}</span>}
        {summary.lastSeen && <span className="count">· last seen {formatDateTime(summary.lastSeen)}</span>}
      </p>
      <p className="hint">Everything here comes from the reports you may see; other members’ reports at levels you may not see are left out.</p>

      <div className="network-layout">
        <section aria-label="Graph" className="panel graph-panel">
          <h2>Graph</h2>
          {network.reports.totalCount > reports.length && (
            <p className="hint">The graph shows the {reports.length} newest of {network.reports.totalCount} reports.</p>
          )}
          <NetworkGraph reports={reports.map((r) => ({ id: r.id, title: r.title, sharingLevel: r.sharingLevel, reporter: r.reporter?.name, indicators: linkingKeys(r.indicators), brands: r.brands }))} />
        </section>

        <div className="network-lists">
          <section aria-label="Reports in the network" className="panel">
            <h2>Reports ({summary.reportCount})</h2>
            <ul className="plain list">
              {reports.map((r) => (
                <li key={r.id}>
                  <TlpBadge level={r.sharingLevel} /> <Link to={`/intel/${encodeURIComponent(r.id)}`}>{r.title}</Link>
                  <div className="hint">{r.reporter?.name ?? 'Reporter not shown'} · {formatDateTime(r.publishedAt)}</div>
                </li>
              ))}
            </ul>
          </section>

          <section aria-label="Indicators in the network" className="panel">
            <h2>Indicators ({network.indicators.length})</h2>
            <DataTable label="Indicators in the network" columns={NETWORK_INDICATOR_COLUMNS} rows={network.indicators} rowKey={(i) => `${i.type}:${i.key}`}
              rowProps={(i) => ({ className: i.reports > 1 ? 'shared' : undefined })} empty={<p>No indicator.</p>} />
          </section>

          {reports.length > 1 && <ExplainLink reports={reports} />}

          <section aria-label="Brands and reporters" className="panel">
            <h2>Brands ({network.brands.length})</h2>
            <p>{network.brands.map((b) => b.name).join(', ') || '—'}</p>
            <h2>Reporting organisations ({network.reportingOrganisations.length})</h2>
            <p>{network.reportingOrganisations.map((o) => o.name).join(', ') || '—'}</p>
          </section>

          <section aria-label="Events" className="panel">
            <h2>How it came to be</h2>
            <ol className="plain events">
              {network.events.map((e, n) => (
                <li key={n}>
                  <strong>{enumLabel(e.kind)}</strong> <span className="hint">({e.cause.replace(/_/g, ' ')})</span>
                  <div className="hint">{formatDateTime(e.at)}</div>
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </main>
  );
}
