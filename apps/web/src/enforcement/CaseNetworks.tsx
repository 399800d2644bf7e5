import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { graphql } from '../gql';
import { linkingKeys, NetworkGraph } from '../intel/NetworkGraph';

/** Reports drawn per linked network: its newest (the network page draws up to 100). */
const GRAPH_REPORTS = 20;

const CaseNetworksQuery = graphql(`
  query CaseNetworks($id: ID!, $reports: Int) {
    enforcementCase(id: $id) {
      id
      networks {
        id
        summary { reportCount }
        reports(first: $reports) {
          totalCount
          edges {
            node {
              id title sharingLevel
              reporter { id name }
              indicators(first: 30) { id type key derivedKeys { type key } }
              brands { id name }
            }
          }
        }
      }
    }
  }
`);

/**
 * The networks the case is linked to, drawn on one network graph (cytoscape's layout, SVG): only
 * those the reader may see, and in each only the reports the reader may see — the API leaves the
 * rest out, for a partner as for a member.
 */
export function CaseNetworks({ caseId }: { caseId: string }) {
  const { data, loading, error } = useQuery(CaseNetworksQuery, { variables: { id: caseId, reports: GRAPH_REPORTS }, fetchPolicy: 'cache-and-network' });
  const networks = useMemo(() => data?.enforcementCase?.networks ?? [], [data]);
  const reports = useMemo(
    () => networks.flatMap((n) => n.reports.edges.map(({ node: r }) => ({
      id: r.id, title: r.title, sharingLevel: r.sharingLevel, reporter: r.reporter?.name, indicators: linkingKeys(r.indicators), brands: r.brands,
    }))),
    [networks],
  );
  if (loading && !data) return <p>Loading the networks…</p>;
  if (error) return <p role="alert">{error.message}</p>;
  if (!networks.length) return <p>No linked network that you may see.</p>;
  return (
    <>
      <ul className="plain">
        {networks.map((n, i) => (
          <li key={n.id}>
            <Link to={`/intel/networks/${encodeURIComponent(n.id)}`}>Counterfeiter network {i + 1}</Link>{' '}
            <span className="hint">
              {n.summary.reportCount === 1 ? '1 report' : `${n.summary.reportCount} reports`}
              {n.reports.totalCount > n.reports.edges.length && `; the graph shows the ${n.reports.edges.length} newest`}
            </span>
          </li>
        ))}
      </ul>
      <NetworkGraph reports={reports} />
      <p className="hint">Only the networks, and the reports in them, that you may see.</p>
    </>
  );
}
