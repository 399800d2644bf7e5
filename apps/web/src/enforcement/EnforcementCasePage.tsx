import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { EnforcementCaseDetailsFragment } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';
import { Page } from '../ui/Page';
import { CustodyLog } from '../evidence/CustodyLog';
import { EvidencePackExport } from '../evidence/EvidencePackExport';
import { useViewer } from '../viewer/useViewer';
import { CaseActions } from './CaseActions';
import { CaseAlerts } from './CaseAlerts';
import { AttachEvidenceForm, LogActionForm } from './CaseEntries';
import { CaseNetworks } from './CaseNetworks';
import { CaseTimeline } from './CaseTimeline';
import { CaseStatusBadge } from './EnforcementCasesPage';
import { COURT_RESULT_LABELS, formatMoney, TARGET_LABELS } from './labels';
import { OutcomesForm } from './OutcomesForm';

graphql(`
  fragment EnforcementCaseDetails on EnforcementCase {
    ...EnforcementCaseRow
    summary availableActions
    referral { agency jurisdiction reference referredAt partnership { id organisation { id name } } }
    outcomes { arrests unitsSeized sitesClosed { manufacturing warehouse distribution retail total } valueSeized { amountMinor amount currency } }
    participants { id name }
    targets { position kind name detail }
    brands { id name }
    networks { id }
    reports { id title }
    takedowns { id status marketplace { name } }
    alerts { id score brandId listing { title url storeName } }
    history { fromStatus toStatus action actorKind note at }
    actions { id kind occurredOn summary }
    courtResults { id decidedOn court result defendant sentenceMonths fine { amount currency } detail }
    evidence { id fileName contentType sizeBytes downloadUrl }
    evidenceAttachments { attachedAt file { id fileName } }
  }
`);

const EnforcementCaseQuery = graphql(`
  query EnforcementCase($id: ID!) {
    enforcementCase(id: $id) { ...EnforcementCaseDetails }
  }
`);

const RecordEnforcementOutcomesMutation = graphql(`
  mutation RecordEnforcementOutcomes($input: RecordEnforcementOutcomesInput!) {
    recordEnforcementOutcomes(input: $input) { ...EnforcementCaseDetails }
  }
`);

type Court = EnforcementCaseDetailsFragment['courtResults'][number];

const COURT_COLUMNS: Column<Court>[] = [
  { id: 'on', header: 'Decided', className: 'nowrap', cell: (r) => r.decidedOn },
  { id: 'court', header: 'Court', cell: (r) => r.court },
  { id: 'result', header: 'Result', cell: (r) => COURT_RESULT_LABELS[r.result] },
  { id: 'defendant', header: 'Defendant', cell: (r) => r.defendant ?? '—' },
  { id: 'sentence', header: 'Sentence', cell: (r) => (r.sentenceMonths != null ? `${r.sentenceMonths} months` : '—') },
  { id: 'fine', header: 'Fine or damages', className: 'num', cell: (r) => formatMoney(r.fine) },
];

/**
 * /cases/:id: a case's facts, referral, outcomes, its timeline (status changes, the dated log,
 * evidence attached, court results, pack exports), the networks it is linked to on the network
 * graph, what it was opened from (networks, reports, takedowns and the monitoring alerts the reader
 * may read), its evidence and chain of custody, and the steps the caller may
 * take now. A case the caller may not see answers like one that does not exist.
 */
export function EnforcementCasePage() {
  const { caseId = '' } = useParams();
  const [conflict, setConflict] = useState<string>();
  const { data, loading, error, refetch } = useQuery(EnforcementCaseQuery, { variables: { id: caseId }, fetchPolicy: 'cache-and-network' });
  const [record] = useMutation(RecordEnforcementOutcomesMutation);
  const client = useApolloClient();
  const { viewer } = useViewer();

  if (loading && !data) return <main><p>Loading…</p></main>;
  const c = data?.enforcementCase;
  if (!c) return <main><p role="alert">{error?.message ?? 'Case not found.'}</p></main>;
  const onConflict = (message: string) => {
    setConflict(message);
    void refetch();
  };
  const mayRecord = c.availableActions.length > 0 && (c.status === 'ACTION_TAKEN' || c.status === 'PROSECUTION');
  const o = c.outcomes;
  // a member sees only the cases it leads or takes part in: everyone but a partner adds to a case until it ends
  const contributes = viewer?.role !== 'PARTNER' && c.status !== 'CLOSED' && c.status !== 'DROPPED';

  return (
    <Page title={c.title} width="wide">
      <p className="crumbs"><Link to="/cases">Enforcement cases</Link></p>
      {conflict && <p role="alert" className="form-error">{conflict}. The case is shown as it is now.</p>}
      <div className="columns wide-first">
        <section aria-label="Case" className="panel">
          <dl className="facts">
            <dt>Status</dt><dd><CaseStatusBadge status={c.status} /></dd>
            <dt>Opened</dt><dd>{formatDateTime(c.openedAt)}</dd>
            <dt>Lead member</dt><dd>{c.leadOrganisation?.name ?? '—'}</dd>
            <dt>Taking part</dt><dd>{c.participants.map((p) => p.name).join(', ') || '—'}</dd>
            <dt>Brands</dt><dd>{c.brands.map((b) => b.name).join(', ') || '—'}</dd>
            {c.referral && (
              <>
                <dt>Referred to</dt><dd>{c.referral.agency} ({c.referral.jurisdiction}){c.referral.reference && <>, ref. <code>{c.referral.reference}</code></>}</dd>
                <dt>Referred</dt><dd>{formatDateTime(c.referral.referredAt)}</dd>
              </>
            )}
          </dl>
          {c.summary && <p className="statement">{c.summary}</p>}
          <h3>Outcomes</h3>
          <dl className="facts">
            <dt>Arrests</dt><dd>{o.arrests}</dd>
            <dt>Sites closed</dt><dd>{o.sitesClosed.total} (manufacturing {o.sitesClosed.manufacturing}, warehouse {o.sitesClosed.warehouse}, distribution {o.sitesClosed.distribution}, retail {o.sitesClosed.retail})</dd>
            <dt>Units seized</dt><dd>{o.unitsSeized.toLocaleString('en')}</dd>
            <dt>Value seized</dt><dd>{formatMoney(o.valueSeized)}</dd>
          </dl>
        </section>
        <div className="stack">
          <CaseActions c={c} onConflict={onConflict} />
          {mayRecord && (
            <OutcomesForm key={c.outcomes.arrests + c.status} initial={o}
              onSave={(values) => record({ variables: { input: { id: c.id, ...values } } })} />
          )}
          {contributes && <LogActionForm caseId={c.id} />}
          {contributes && <AttachEvidenceForm caseId={c.id} />}
        </div>
      </div>
      <section aria-label="Timeline">
        <h2>Timeline</h2>
        <CaseTimeline caseId={c.id} sources={c} />
      </section>
      <section aria-label="Networks" className="panel graph-panel">
        <h2>Linked networks</h2>
        <CaseNetworks caseId={c.id} />
      </section>
      <section aria-label="Targets">
        <h2>Targets</h2>
        {c.targets.length ? (
          <ul>{c.targets.map((t) => <li key={t.position}>{TARGET_LABELS[t.kind]}: {t.name}{t.detail && <span className="hint"> — {t.detail}</span>}</li>)}</ul>
        ) : <p>None named.</p>}
      </section>
      <section aria-label="Opened from">
        <h2>Opened from</h2>
        <ul>
          {c.networks.map((n, i) => <li key={n.id}><Link to={`/intel/networks/${encodeURIComponent(n.id)}`}>Counterfeiter network {i + 1}</Link></li>)}
          {c.reports.map((r) => <li key={r.id}><Link to={`/intel/${encodeURIComponent(r.id)}`}>Report: {r.title}</Link></li>)}
          {c.takedowns.map((t) => <li key={t.id}><Link to={`/takedown/${encodeURIComponent(t.id)}`}>Takedown on {t.marketplace.name}</Link></li>)}
        </ul>
        <CaseAlerts alerts={c.alerts} />
        {c.networks.length + c.reports.length + c.takedowns.length + c.alerts.length === 0 && <p>Nothing you may see.</p>}
      </section>
      <section aria-label="Evidence">
        <h2>Evidence</h2>
        {c.evidence.length ? <ul>{c.evidence.map((f) => <li key={f.id}><a href={f.downloadUrl}>{f.fileName}</a></li>)}</ul> : <p>No file attached.</p>}
        <EvidencePackExport caseId={c.id} onExported={() => void client.refetchQueries({ include: ['CaseExports', 'CaseCustodyLog'] })} />
        <p className="hint">A pack holds the files, their hashes, the signed chain of custody and a summary; <Link to="/verify-evidence-pack">verify a pack</Link> here or with <code>npm run verify-evidence</code>.</p>
      </section>
      <section aria-label="Chain of custody">
        <h2>Chain of custody</h2>
        <CustodyLog caseId={c.id} />
      </section>
      {c.courtResults.length > 0 && (
        <section aria-label="Court results">
          <h2>Court results</h2>
          <DataTable label="Court results" columns={COURT_COLUMNS} rows={c.courtResults} rowKey={(r) => r.id} />
        </section>
      )}
    </Page>
  );
}
