import { useQuery } from '@apollo/client/react';
import { useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { formatDateTime, formatShare } from '../common/format';
import { formatMoney } from '../enforcement/labels';
import { graphql } from '../gql';
import type { AlertRowFragment, AlertStatus } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';
import { AlertActions, citableRights } from './AlertActions';
import { AlertReasons } from './AlertReasons';
import { ALERT_STATUS_LABELS, ALERT_STATUSES, scoreBand } from './labels';
import { useMonitoringSetup } from './useMonitoringSetup';

const PAGE_SIZE = 25;
/** The minimum scores offered as filters. */
const MIN_SCORES = [25, 50, 70, 90];

graphql(`
  fragment AlertRow on Alert {
    id brandId score status dismissReason alertedAt triagedAt takedownRequestId
    reasons { kind weight detail terms hiddenNetworks networks { id summary { reportCount } } }
    listing { marketplaceId listingId url title price { amount currency } unitsSold storeId storeName firstSeenAt }
  }
`);

const MonitoringAlertsQuery = graphql(`
  query MonitoringAlerts($first: Int, $after: String, $brandId: ID, $status: AlertStatus, $minScore: Int) {
    alerts(first: $first, after: $after, brandId: $brandId, status: $status, minScore: $minScore) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...AlertRow } }
    }
  }
`);

const AlertFiguresQuery = graphql(`
  query AlertFigures {
    alertFigures { alerts actedOnShare removedFromAlerts proactiveShare medianHoursToRemoval removedBeforeSaleShare brands { brandId newAlerts } }
  }
`);

/** The last twelve months of alerts in a line of cards: how many, how many still open, how many acted on and what came of them. */
function AlertFiguresStrip() {
  const { data } = useQuery(AlertFiguresQuery, { fetchPolicy: 'cache-and-network' });
  const f = data?.alertFigures;
  if (!f) return null;
  const open = f.brands.reduce((n, b) => n + b.newAlerts, 0);
  const cards: [string, string, string?][] = [
    ['Alerts', String(f.alerts), 'first raised in the last 12 months'],
    ['Open', String(open), 'to triage'],
    ['Acted on', formatShare(f.actedOnShare), 'dismissed or taken down'],
    ['Removed', String(f.removedFromAlerts), 'listings taken down from alerts'],
    ['Proactive', formatShare(f.proactiveShare), 'of your removals came from alerts'],
    ['To removal', f.medianHoursToRemoval == null ? '—' : `${Math.round(f.medianHoursToRemoval)} h`, 'median from first sighting'],
  ];
  return (
    <section aria-label="Alert figures" className="cards figures-strip">
      {cards.map(([label, figure, hint]) => (
        <div key={label} className="card">
          <div className="hint">{label}</div>
          <div className="figure">{figure}</div>
          {hint && <div className="hint">{hint}</div>}
        </div>
      ))}
    </section>
  );
}

/**
 * /monitoring/alerts: the member's alerts from listing monitoring, highest score first, filtered by
 * brand, status (open by default) and minimum score, a page at a time; each with its listing, its
 * reasons and their weights, and what to do with it (watch, dismiss with a reason, file a takedown).
 */
export function AlertsPage() {
  const setup = useMonitoringSetup();
  const [params, setParams] = useSearchParams();
  const [notice, setNotice] = useState<ReactNode>();
  const brandId = params.get('brand') || undefined;
  const statusParam = params.get('status');
  const status = statusParam === 'ANY' ? undefined : ((statusParam || 'NEW') as AlertStatus);
  const minScore = params.get('minScore') ? Number(params.get('minScore')) : undefined;
  const { data, loading, error, fetchMore } = useQuery(MonitoringAlertsQuery, {
    variables: { first: PAGE_SIZE, brandId, status, minScore },
    fetchPolicy: 'cache-and-network',
    notifyOnNetworkStatusChange: true,
  });
  const alerts = data?.alerts;
  const today = new Date().toISOString().slice(0, 10);

  const filter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setNotice(undefined);
  };

  const columns: Column<AlertRowFragment>[] = [
    { id: 'score', header: 'Score', className: 'num', sortValue: (a) => a.score, cell: (a) => <span className={`badge score score-${scoreBand(a.score)}`}>{a.score}</span> },
    {
      id: 'listing', header: 'Listing', sortValue: (a) => a.listing.title,
      cell: (a) => (
        <>
          <a href={a.listing.url} target="_blank" rel="noreferrer noopener">{a.listing.title}</a>
          <div className="hint">{setup.brandName(a.brandId)} · alerted {formatDateTime(a.alertedAt)}</div>
        </>
      ),
    },
    { id: 'marketplace', header: 'Marketplace', sortValue: (a) => setup.marketplaceName(a.listing.marketplaceId), cell: (a) => setup.marketplaceName(a.listing.marketplaceId) },
    {
      id: 'seller', header: 'Seller', sortValue: (a) => a.listing.storeName ?? a.listing.storeId,
      cell: (a) => {
        const { storeName, storeId } = a.listing;
        // the store's id under its name, unless the name says it already
        return <>{storeName ?? storeId ?? '—'}{storeName && storeId && !storeName.includes(storeId) && <div className="hint"><code>{storeId}</code></div>}</>;
      },
    },
    {
      id: 'price', header: 'Price', className: 'num nowrap', sortValue: (a) => (a.listing.price ? Number(a.listing.price.amount) : null),
      cell: (a) => <>{formatMoney(a.listing.price)}{a.listing.unitsSold != null && <div className="hint">{a.listing.unitsSold} sold</div>}</>,
    },
    { id: 'reasons', header: 'Reasons (weight)', cell: (a) => <AlertReasons reasons={a.reasons} /> },
    ...(status ? [] : [{
      id: 'status', header: 'Status', sortValue: (a: AlertRowFragment) => ALERT_STATUS_LABELS[a.status],
      cell: (a: AlertRowFragment) => <span className={`badge alert-${a.status.toLowerCase()}`}>{ALERT_STATUS_LABELS[a.status]}</span>,
    }]),
    ...(status === 'DISMISSED' || !status ? [{ id: 'why', header: 'Dismissed because', cell: (a: AlertRowFragment) => a.dismissReason ?? '' }] : []),
    {
      id: 'actions', header: 'Actions', colClassName: 'alert-actions-col',
      cell: (a) => <AlertActions alert={a} rights={citableRights(setup.brands.find((b) => b.id === a.brandId), today)} onDone={setNotice} />,
    },
  ];

  const count = alerts ? (alerts.totalCount === 1 ? '1 alert' : `${alerts.totalCount} alerts`) : null;
  return (
    <Page title="Monitoring alerts" width="wide"
      intro="Listings from the alliance’s feed that concern your brands, highest score first. The score combines each reason’s weight as independent evidence."
      actions={<Link className="button secondary" to="/monitoring/rules">Monitoring rules</Link>}>
      <AlertFiguresStrip />
      <form role="search" aria-label="Filter the alerts" className="feed-filters alert-filters" onSubmit={(e) => e.preventDefault()}>
        <Field label="Brand">
          <select value={brandId ?? ''} onChange={(e) => filter('brand', e.target.value)}>
            <option value="">All your brands</option>
            {setup.brands.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </Field>
        <Field label="Status">
          <select value={status ?? 'ANY'} onChange={(e) => filter('status', e.target.value === 'NEW' ? '' : e.target.value)}>
            {ALERT_STATUSES.map((s) => <option key={s} value={s}>{ALERT_STATUS_LABELS[s]}</option>)}
            <option value="ANY">Any</option>
          </select>
        </Field>
        <Field label="Minimum score">
          <select value={minScore ?? ''} onChange={(e) => filter('minScore', e.target.value)}>
            <option value="">Any</option>
            {MIN_SCORES.map((s) => <option key={s} value={s}>{s} or more</option>)}
          </select>
        </Field>
      </form>
      {notice && <p role="status" className="ok notice">{notice}</p>}
      {count && <p className="count" aria-live="polite">{count}</p>}
      <DataTable label="Alerts" className="alerts" columns={columns} rows={alerts?.edges.map((e) => e.node)} rowKey={(a) => a.id} loading={loading} error={error}
        empty={<p>{status === 'NEW' ? 'No open alert: nothing to triage.' : 'No alert matches these filters.'}</p>}
        rowProps={(a) => ({ 'data-alert': a.listing.listingId })}
        loadMore={alerts && { hasNextPage: alerts.pageInfo.hasNextPage, loading, onLoadMore: () => fetchMore({ variables: { after: alerts.pageInfo.endCursor } }) }} />
    </Page>
  );
}
