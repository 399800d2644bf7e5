import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { enumLabel, formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { TakedownDetailsFragment } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';
import { CounterNoticePanel } from './CounterNoticePanel';
import { actorLabel, historyActionLabel, OUTCOME_LABELS, REASON_LABELS, STATUS_LABELS } from './labels';
import { SlaState, useNow } from './SlaState';
import { StoreStanding } from './StoreStanding';
import { TakedownActions } from './TakedownActions';
import { StatusBadge } from './TakedownTable';

graphql(`
  fragment TakedownDetails on TakedownRequest {
    ...TakedownRow
    channel reason statement availableActions
    agent { id name }
    trademark { id office registrationNumber }
    ipRight { id kind office number title }
    counterDeadline answerDeadline counterNoticeLink
    counterNotice { reason statement contactName contactEmail evidenceUrls filedAt filedByKind answer answeredAt legalAction }
    listings { position url listingId storeId storeName price currency outcome repeatOffence storeStanding { level strikes relatedStrikes oldestExpiresAt relatedStores { networkId storeKey strikes } } screenshots { id fileName downloadUrl } }
    history { fromStatus toStatus action actorKind note at }
    deliveries { channel target status createdAt deliveredAt attempts { at ok statusCode error } }
  }
`);

const TakedownRequestQuery = graphql(`
  query TakedownRequest($id: ID!) {
    takedownRequest(id: $id) { ...TakedownDetails }
  }
`);

type Listing = TakedownDetailsFragment['listings'][number];
type Step = TakedownDetailsFragment['history'][number];
type Delivery = TakedownDetailsFragment['deliveries'][number];

const LISTING_COLUMNS: Column<Listing>[] = [
  { id: 'n', header: '#', className: 'num', cell: (l) => l.position },
  { id: 'url', header: 'URL', className: 'url', cell: (l) => <a href={l.url} rel="noreferrer noopener" target="_blank">{l.url}</a> },
  { id: 'listing', header: 'Listing id', cell: (l) => (l.listingId ? <code>{l.listingId}</code> : '—') },
  {
    id: 'store', header: 'Store',
    cell: (l) => (
      <>
        {[l.storeName, l.storeId && `(${l.storeId})`].filter(Boolean).join(' ') || '—'}
        {l.repeatOffence && <> <span className="badge strike-flagged" title="Its store was a flagged repeat infringer when the request was filed">repeat offence</span></>}
        {l.storeStanding && <> <StoreStanding standing={l.storeStanding} /></>}
      </>
    ),
  },
  { id: 'price', header: 'Price', className: 'num', cell: (l) => (l.price ? `${l.price} ${l.currency ?? ''}`.trim() : '—') },
  { id: 'outcome', header: 'Outcome', cell: (l) => (l.outcome ? <span className={`badge outcome-${l.outcome.toLowerCase().replace(/_/g, '-')}`}>{OUTCOME_LABELS[l.outcome]}</span> : '—') },
  {
    id: 'screenshots', header: 'Screenshots',
    cell: (l) => (l.screenshots.length ? (
      <span className="screenshots">
        {l.screenshots.map((s) => (
          <a key={s.id} href={s.downloadUrl} target="_blank" rel="noreferrer noopener" title={s.fileName}>
            <img src={s.downloadUrl} alt={`Screenshot ${s.fileName} of listing ${l.position}`} loading="lazy" />
          </a>
        ))}
      </span>
    ) : '—'),
  },
];

const HISTORY_COLUMNS: Column<Step>[] = [
  { id: 'at', header: 'When', className: 'nowrap', cell: (h) => formatDateTime(h.at) },
  { id: 'action', header: 'Step', cell: (h) => historyActionLabel(h.action) },
  { id: 'by', header: 'By', cell: (h) => actorLabel(h.actorKind) },
  { id: 'status', header: 'Status', cell: (h) => `${h.fromStatus ? `${STATUS_LABELS[h.fromStatus]} → ` : ''}${STATUS_LABELS[h.toStatus]}` },
  { id: 'note', header: 'Note', cell: (h) => h.note ?? '' },
];

const DELIVERY_COLUMNS: Column<Delivery>[] = [
  { id: 'channel', header: 'By', cell: (d) => (d.channel === 'WEBHOOK' ? 'Webhook' : 'E-mail') },
  { id: 'target', header: 'To', className: 'url', cell: (d) => d.target },
  { id: 'status', header: 'Status', cell: (d) => <span className={`badge delivery-${d.status.toLowerCase()}`}>{enumLabel(d.status)}</span> },
  { id: 'when', header: 'Delivered', className: 'nowrap', cell: (d) => formatDateTime(d.deliveredAt) || '—' },
  {
    id: 'attempts', header: 'Attempts',
    cell: (d) => (d.attempts.length === 0 ? '—' : (
      <ol className="attempts">
        {d.attempts.map((a, i) => (
          <li key={i}>{formatDateTime(a.at)}: {a.ok ? 'delivered' : 'failed'}{a.statusCode ? ` (HTTP ${a.statusCode})` : ''}{a.error ? ` — ${a.error}` : ''}</li>
        ))}
      </ol>
    )),
  },
];

function rightOf(r: TakedownDetailsFragment): string {
  if (r.trademark) return `Trademark ${r.trademark.office} ${r.trademark.registrationNumber}`;
  if (r.ipRight) return `${enumLabel(r.ipRight.kind)} ${r.ipRight.office} ${r.ipRight.number}${r.ipRight.title ? ` (${r.ipRight.title})` : ''}`;
  return '—';
}

/**
 * /takedown/:id: a request's details, listings with their outcomes, SLA state and history, and the
 * actions the caller may take now. When someone else acted first the API answers CONFLICT: the page
 * says so and reloads the request.
 */
export function TakedownRequestPage() {
  const { requestId = '' } = useParams();
  const now = useNow();
  const { viewer } = useViewer();
  const [conflict, setConflict] = useState<string>();
  const { data, loading, error, refetch } = useQuery(TakedownRequestQuery, { variables: { id: requestId }, fetchPolicy: 'cache-and-network' });

  if (loading && !data) return <main><p>Loading…</p></main>;
  const r = data?.takedownRequest;
  if (!r) return <main><p role="alert">{error?.message ?? 'Request not found.'}</p></main>;

  const onConflict = (message: string) => {
    setConflict(message);
    void refetch();
  };

  return (
    <Page title={`Takedown: ${r.brand?.name ?? 'request'} on ${r.marketplace.name}`} width="wide">
      <p className="crumbs"><Link to="/takedown">Takedown requests</Link></p>
      {conflict && <p role="alert" className="form-error">{conflict}. The request is shown as it is now.</p>}
      <div className="columns wide-first">
        <section aria-label="Request" className="panel">
          <dl className="facts">
            <dt>Status</dt><dd><StatusBadge status={r.status} /></dd>
            <dt>SLA</dt><dd><SlaState request={r} now={now} /></dd>
            <dt>Due</dt><dd>{formatDateTime(r.dueAt)}{r.paused && <span className="hint"> (moves while paused)</span>}</dd>
            <dt>Submitted</dt><dd>{formatDateTime(r.submittedAt)}</dd>
            {r.decidedAt && <><dt>Decided</dt><dd>{formatDateTime(r.decidedAt)}</dd></>}
            <dt>Marketplace</dt><dd>{r.marketplace.name}</dd>
            <dt>Rights holder</dt><dd>{r.organisation?.name ?? '—'}</dd>
            {r.agent && <><dt>Filed by agent</dt><dd>{r.agent.name}</dd></>}
            <dt>Brand</dt><dd>{r.brand?.name ?? '—'}</dd>
            <dt>Right cited</dt><dd>{rightOf(r)}</dd>
            <dt>Reason</dt><dd>{REASON_LABELS[r.reason]}</dd>
            <dt>Channel</dt><dd>{enumLabel(r.channel)}</dd>
          </dl>
          {r.statement && <><h3>Statement</h3><p className="statement">{r.statement}</p></>}
        </section>
        <div className="stack">
          <TakedownActions request={r} onConflict={onConflict} />
          <CounterNoticePanel request={r} now={now} onConflict={onConflict} canAnswer={viewer?.role === 'MEMBER_ADMIN' || viewer?.role === 'MEMBER_ANALYST'} />
        </div>
      </div>
      <section aria-label="Listings">
        <h2>Listings ({r.listingCount})</h2>
        <DataTable label="Listings" className="takedown-listings" columns={LISTING_COLUMNS} rows={r.listings} rowKey={(l) => String(l.position)} />
      </section>
      {r.deliveries.length > 0 && (
        <section aria-label="Deliveries">
          <h2>Sent to the marketplace</h2>
          <DataTable label="Deliveries" columns={DELIVERY_COLUMNS} rows={r.deliveries} rowKey={(d) => `${d.channel}-${d.target}`} />
        </section>
      )}
      <section aria-label="History">
        <h2>History</h2>
        <DataTable label="History" columns={HISTORY_COLUMNS} rows={r.history} rowKey={(_, i) => String(i)} />
      </section>
    </Page>
  );
}
