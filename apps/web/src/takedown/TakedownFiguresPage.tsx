import { useQuery } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { formatShare } from '../common/format';
import { graphql } from '../gql';
import type { TakedownFiguresRowFragment } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { NoticeArchiveForm } from './NoticeArchiveForm';

// recharts is large: loaded with the first chart, not with the client
const BarChartFigure = lazy(() => import('../ui/Chart').then((m) => ({ default: m.BarChartFigure })));

graphql(`
  fragment TakedownFiguresRow on TakedownFigures {
    month groupId groupName received processed withinSla withinSlaShare medianHours p95Hours acceptanceRate listingsRemoved
  }
`);

const TakedownFiguresQuery = graphql(`
  query TakedownFigures {
    byMonth: takedownFigures(groupBy: MONTH) { ...TakedownFiguresRow }
    byMarketplace: takedownFigures(groupBy: MARKETPLACE) { ...TakedownFiguresRow }
  }
`);

type Row = TakedownFiguresRowFragment;

const hours = (h: number | null | undefined) => (h == null ? '—' : `${Math.round(h * 10) / 10} h`);

const MONTH_COLUMNS: Column<Row>[] = [
  { id: 'month', header: 'Month', cell: (r) => r.month, sortValue: (r) => r.month },
  { id: 'received', header: 'Received', className: 'num', cell: (r) => r.received, sortValue: (r) => r.received },
  { id: 'processed', header: 'Processed', className: 'num', cell: (r) => r.processed, sortValue: (r) => r.processed },
  { id: 'within', header: 'Within the SLA', className: 'num', cell: (r) => `${r.withinSla} (${formatShare(r.withinSlaShare)})`, sortValue: (r) => r.withinSlaShare },
  { id: 'median', header: 'Median time', className: 'num', cell: (r) => hours(r.medianHours), sortValue: (r) => r.medianHours },
  { id: 'p95', header: '95th percentile', className: 'num', cell: (r) => hours(r.p95Hours), sortValue: (r) => r.p95Hours },
  { id: 'accepted', header: 'Accepted', className: 'num', cell: (r) => formatShare(r.acceptanceRate), sortValue: (r) => r.acceptanceRate },
  { id: 'removed', header: 'Listings removed', className: 'num', cell: (r) => r.listingsRemoved, sortValue: (r) => r.listingsRemoved },
];

interface MarketplaceTotal { name: string; received: number; processed: number; accepted: number; withinSla: number }

/** The months of one marketplace added up: acceptance and SLA over the whole period. */
function byMarketplace(rows: readonly Row[]): MarketplaceTotal[] {
  const totals = new Map<string, MarketplaceTotal>();
  for (const r of rows) {
    const name = r.groupName ?? '—';
    const t = totals.get(name) ?? { name, received: 0, processed: 0, accepted: 0, withinSla: 0 };
    t.received += r.received;
    t.processed += r.processed;
    t.accepted += Math.round((r.acceptanceRate ?? 0) * r.processed);
    t.withinSla += r.withinSla;
    totals.set(name, t);
  }
  return [...totals.values()].sort((a, b) => b.received - a.received);
}

const MARKETPLACE_COLUMNS: Column<MarketplaceTotal>[] = [
  { id: 'name', header: 'Marketplace', cell: (m) => m.name, sortValue: (m) => m.name },
  { id: 'received', header: 'Received', className: 'num', cell: (m) => m.received, sortValue: (m) => m.received },
  { id: 'processed', header: 'Processed', className: 'num', cell: (m) => m.processed, sortValue: (m) => m.processed },
  { id: 'within', header: 'Within the SLA', className: 'num', cell: (m) => formatShare(m.processed ? m.withinSla / m.processed : null) },
  { id: 'accepted', header: 'Accepted', className: 'num', cell: (m) => formatShare(m.processed ? m.accepted / m.processed : null) },
];

/**
 * /takedown/figures: the SLA over the requests the caller may see, per month of submission for
 * the last 12 months — the share processed within the SLA, processing times without pauses, and
 * acceptance by marketplace. Each chart has its figures in a table beside it.
 */
export function TakedownFiguresPage() {
  const { data, loading, error } = useQuery(TakedownFiguresQuery, { fetchPolicy: 'cache-and-network' });
  const { viewer } = useViewer();
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">{error?.message ?? 'Could not load the figures.'}</p></main>;
  const months = data.byMonth;
  const marketplaces = byMarketplace(data.byMarketplace);
  const processed = months.reduce((n, r) => n + r.processed, 0);
  const within = months.reduce((n, r) => n + r.withinSla, 0);
  return (
    <Page title="SLA figures" width="wide" intro="Requests by month of submission (UTC), over the last 12 months. Processing time leaves out the time a request waited on the rights holder.">
      {months.length === 0 ? <p>No request in the last 12 months.</p> : (
        <>
          <p className="count">{processed === 0 ? 'Nothing processed yet.' : `${formatShare(within / processed)} of ${processed === 1 ? '1 processed request' : `${processed} processed requests`} within the SLA.`}</p>
          <div className="columns">
            <section aria-label="Within the SLA per month">
              <h2>Processed within the SLA (%)</h2>
              <Suspense fallback={<p>Loading…</p>}>
                <BarChartFigure label="Share processed within the SLA per month, as a chart" valueLabel="% within the SLA"
                  data={months.map((r) => ({ name: r.month, value: Math.round((r.withinSlaShare ?? 0) * 100) }))} />
              </Suspense>
            </section>
            <section aria-label="Processing time per month">
              <h2>Median processing time (hours)</h2>
              <Suspense fallback={<p>Loading…</p>}>
                <BarChartFigure label="Median processing time per month, as a chart" valueLabel="Median hours"
                  data={months.map((r) => ({ name: r.month, value: Math.round((r.medianHours ?? 0) * 10) / 10 }))} />
              </Suspense>
            </section>
          </div>
          <section aria-label="Per month">
            <h2>Per month</h2>
            <DataTable label="SLA figures per month" columns={MONTH_COLUMNS} rows={months} rowKey={(r) => r.month} />
          </section>
          <section aria-label="Acceptance by marketplace">
            <h2>Acceptance by marketplace</h2>
            <Suspense fallback={<p>Loading…</p>}>
              <BarChartFigure label="Share accepted by marketplace, as a chart" valueLabel="% accepted"
                data={marketplaces.map((m) => ({ name: m.name, value: m.processed ? Math.round((m.accepted / m.processed) * 100) : 0 }))} />
            </Suspense>
            <DataTable label="Figures by marketplace" columns={MARKETPLACE_COLUMNS} rows={marketplaces} rowKey={(m) => m.name} />
          </section>
        </>
      )}
      {viewer?.role === 'COORDINATOR' && <NoticeArchiveForm />}
    </Page>
  );
}
