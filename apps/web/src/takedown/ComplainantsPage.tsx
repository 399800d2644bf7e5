import { useMutation, useQuery } from '@apollo/client/react';
import { formatDateTime, formatShare } from '../common/format';
import { graphql } from '../gql';
import type { ComplainantStandingRowFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors } from '../ui/errors';
import { Page } from '../ui/Page';
import { useViewer } from '../viewer/useViewer';

graphql(`
  fragment ComplainantStandingRow on ComplainantStanding {
    organisationId organisation { id name }
    requests decided accepted acceptanceRate reinstated reinstatedShare audited auditAccuracy
    eligibleForTrust trusted trustedSince trustEndedAt trustEndReason abusive abuseFlaggedAt withholdName
  }
`);

const ComplainantStandingsQuery = graphql(`
  query ComplainantStandings {
    complainantStandings { ...ComplainantStandingRow }
  }
`);

const SetTrustedComplainant = graphql(`
  mutation SetTrustedComplainant($organisationId: ID!, $trusted: Boolean!) {
    setTrustedComplainant(organisationId: $organisationId, trusted: $trusted) { ...ComplainantStandingRow }
  }
`);

const SetTakedownArchivePrivacy = graphql(`
  mutation SetTakedownArchivePrivacy($withholdName: Boolean!) {
    setTakedownArchivePrivacy(withholdName: $withholdName) { ...ComplainantStandingRow }
  }
`);

type Standing = ComplainantStandingRowFragment;

const nameOf = (s: Standing) => s.organisation?.name ?? 'Organisation';

function StandingBadges({ s }: { s: Standing }) {
  return (
    <>
      {s.trusted && <span className="badge complainant-trusted" title={`Since ${formatDateTime(s.trustedSince)}`}>trusted</span>}
      {!s.trusted && s.eligibleForTrust && <span className="badge complainant-eligible">eligible for trust</span>}
      {s.abusive && <span className="badge complainant-abusive" title={s.abuseFlaggedAt ? `Coordinators told ${formatDateTime(s.abuseFlaggedAt)}` : undefined}>possibly abusive</span>}
      {!s.trusted && s.trustEndedAt && <span className="hint"> trust ended {formatDateTime(s.trustEndedAt)}{s.trustEndReason ? `: ${s.trustEndReason}` : ''}</span>}
    </>
  );
}

function TrustButton({ s }: { s: Standing }) {
  const [set, { loading, error }] = useMutation(SetTrustedComplainant);
  if (!s.trusted && !s.eligibleForTrust) return null;
  const trusted = !s.trusted;
  return (
    <>
      <Button small variant={trusted ? 'primary' : 'secondary'} busy={loading} aria-label={`${trusted ? 'Trust' : 'End trust in'} ${nameOf(s)}`}
        onClick={() => set({ variables: { organisationId: s.organisationId, trusted } }).catch(() => undefined)}>
        {trusted ? 'Trust' : 'End trust'}
      </Button>
      {error && <span role="alert" className="field-error">{apiErrors(error)[0]?.message}</span>}
    </>
  );
}

const COLUMNS: Column<Standing>[] = [
  { id: 'name', header: 'Complainant', cell: nameOf, sortValue: nameOf },
  { id: 'requests', header: 'Requests', className: 'num', cell: (s) => s.requests, sortValue: (s) => s.requests },
  { id: 'accepted', header: 'Accepted', className: 'num', cell: (s) => `${s.accepted} of ${s.decided} (${formatShare(s.acceptanceRate)})`, sortValue: (s) => s.acceptanceRate },
  { id: 'reinstated', header: 'Reinstated', className: 'num', cell: (s) => `${s.reinstated} (${formatShare(s.reinstatedShare)})`, sortValue: (s) => s.reinstatedShare },
  { id: 'audit', header: 'Audit accuracy', className: 'num', cell: (s) => (s.audited ? `${formatShare(s.auditAccuracy)} of ${s.audited}` : '—'), sortValue: (s) => s.auditAccuracy },
  { id: 'standing', header: 'Standing', cell: (s) => <StandingBadges s={s} /> },
  { id: 'action', header: <span className="sr-only">Action</span>, cell: (s) => <TrustButton s={s} /> },
];

/** A member's admin decides whether the public notice archive names the member. */
function ArchivePrivacy({ s, admin }: { s: Standing; admin: boolean }) {
  const [set, { loading, error }] = useMutation(SetTakedownArchivePrivacy);
  return (
    <section aria-label="Notice archive" className="panel">
      <h2>Public notice archive</h2>
      <label className="check">
        <input type="checkbox" checked={s.withholdName} disabled={!admin || loading}
          onChange={(e) => set({ variables: { withholdName: e.target.checked } }).catch(() => undefined)} />
        Withhold our name from the public notice archive
      </label>
      {!admin && <p className="hint">Your organisation’s admins decide this.</p>}
      {error && <p role="alert" className="form-error">{apiErrors(error)[0]?.message}</p>}
    </section>
  );
}

/**
 * /takedown/complainants: complainants' last 90 days — acceptance, removals reinstated after a
 * counter-notice, audited accuracy. Coordinators see every complainant and trust the eligible ones
 * (their requests then skip the queue of marketplaces that allow it); members see their own
 * standing, and their admins decide whether the notice archive names them.
 */
export function ComplainantsPage() {
  const { viewer } = useViewer();
  const coordinator = viewer?.role === 'COORDINATOR';
  const { data, loading, error } = useQuery(ComplainantStandingsQuery, { fetchPolicy: 'cache-and-network' });
  const standings = data?.complainantStandings;
  const own = !coordinator ? standings?.[0] : undefined;
  return (
    <Page title={coordinator ? 'Complainants' : 'Our standing as a complainant'} width="wide"
      intro="The last 90 days. Trust needs at least 90% of 50 or more decided requests accepted, and ends by itself when audited accuracy falls below 99%; more than 5% of removals reinstated flags a complainant to the coordinators.">
      <DataTable label="Complainants" columns={coordinator ? COLUMNS : COLUMNS.slice(0, -1)} rows={standings} rowKey={(s) => s.organisationId}
        loading={loading} error={error} empty={<p>No complainant has filed in the last 90 days.</p>} />
      {own && <ArchivePrivacy s={own} admin={viewer?.role === 'MEMBER_ADMIN'} />}
    </Page>
  );
}
