import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { ContactRequestsQuery } from '../gql/graphql';
import { Button } from '../ui/Button';
import { DataTable, type Column } from '../ui/DataTable';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { indicatorTypeLabel } from './labels';
import { useIntelAccess } from './useIntelAccess';

const ContactRequestsQueryDoc = graphql(`
  query ContactRequests {
    contactRequests {
      id indicatorType indicatorKey message status coordinatorNote createdAt recipientCount myAnswer
      requester { id name }
      connectedOrganisations { id name }
    }
  }
`);

// the answers carry only what changed: the API's mutation payload leaves out the recipients
const ReviewContactRequest = graphql(`
  mutation ReviewContactRequest($input: ReviewContactRequestInput!) {
    reviewContactRequest(input: $input) { id status coordinatorNote }
  }
`);

const AnswerContactRequest = graphql(`
  mutation AnswerContactRequest($input: AnswerContactRequestInput!) {
    answerContactRequest(input: $input) { id }
  }
`);

type Request = ContactRequestsQuery['contactRequests'][number];

const STATUS_LABELS: Record<Request['status'], string> = { PENDING_REVIEW: 'Awaiting the coordinators', APPROVED: 'Passed on', REJECTED: 'Not passed on' };

const statusBadge = (r: Request) => <span className={`badge request-${r.status.toLowerCase()}`}>{STATUS_LABELS[r.status]}</span>;
const sentAt: Column<Request> = { id: 'createdAt', header: 'Date', className: 'nowrap', sortValue: (r) => r.createdAt, cell: (r) => formatDateTime(r.createdAt) };

const REVIEWED_COLUMNS: Column<Request>[] = [
  { id: 'indicator', header: 'Indicator', cell: (r) => <code>{r.indicatorKey}</code> },
  { id: 'requester', header: 'From', sortValue: (r) => r.requester?.name, cell: (r) => r.requester?.name ?? '—' },
  { id: 'status', header: 'Status', cell: statusBadge },
  { id: 'note', header: 'Note', cell: (r) => r.coordinatorNote ?? '' },
  sentAt,
];

const SENT_COLUMNS: Column<Request>[] = [
  { id: 'indicator', header: 'Indicator', cell: (r) => <><span className="badge">{indicatorTypeLabel(r.indicatorType)}</span> <code>{r.indicatorKey}</code></> },
  { id: 'status', header: 'Status', cell: statusBadge },
  { id: 'note', header: 'Coordinators’ note', cell: (r) => r.coordinatorNote ?? '' },
  { id: 'connected', header: 'Connected with', cell: (r) => r.connectedOrganisations.map((o) => o.name).join(', ') || (r.status === 'APPROVED' ? 'No answer yet' : '—') },
  sentAt,
];

function RequestHead({ r }: { r: Request }) {
  return (
    <header>
      <h3><span className="badge">{indicatorTypeLabel(r.indicatorType)}</span> <code>{r.indicatorKey}</code></h3>
      <p className="hint">{formatDateTime(r.createdAt)}{r.requester && <> · from {r.requester.name}</>}</p>
      <blockquote>{r.message}</blockquote>
    </header>
  );
}

/** A coordinator passes a request on to the holders (without learning who they are) or turns it down, with a note. */
function ReviewForm({ r }: { r: Request }) {
  const [note, setNote] = useState('');
  const [review, { loading, error }] = useMutation(ReviewContactRequest, { refetchQueries: ['ContactRequests'], awaitRefetchQueries: true });
  const errors = placeErrors(error, ['note']);
  const decide = (approve: boolean) => review({ variables: { input: { requestId: r.id, approve, note: note.trim() || undefined } } }).catch(() => undefined);
  return (
    <form aria-label={`Review the request about ${r.indicatorKey}`} className="decision" onSubmit={(e) => e.preventDefault()}>
      <Field label="Note" hint="Optional; the requester reads it when you reject" name="note" errors={errors}>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div className="actions">
        <Button disabled={loading} onClick={() => decide(true)}>Approve</Button>
        <Button variant="danger" disabled={loading} onClick={() => decide(false)}>Reject</Button>
      </div>
    </form>
  );
}

function AnswerButtons({ r }: { r: Request }) {
  const [answer, { loading, error }] = useMutation(AnswerContactRequest, { refetchQueries: ['ContactRequests'], awaitRefetchQueries: true });
  const decide = (accept: boolean) => answer({ variables: { input: { requestId: r.id, accept } } }).catch(() => undefined);
  return (
    <div className="actions">
      <Button disabled={loading} onClick={() => decide(true)}>Accept</Button>
      <Button variant="secondary" disabled={loading} onClick={() => decide(false)}>Decline</Button>
      {error && <p role="alert" className="form-error">{apiErrors(error).map((e) => e.message).join(' ')}</p>}
      <span className="hint">Accepting tells {r.requester?.name ?? 'the requester'} who you are and how to reach you.</span>
    </div>
  );
}

/**
 * /intel/contacts — contact requests over blind matches. Coordinators review pending ones; holders
 * (to whom an approved request went) accept or decline; requesters follow theirs and see who agreed.
 */
export function ContactRequestsPage() {
  const access = useIntelAccess();
  const { data, loading, error } = useQuery(ContactRequestsQueryDoc, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <main><p>Loading…</p></main>;
  if (!data) return <main><p role="alert">{error?.message ?? 'Could not load the requests.'}</p></main>;

  const requests = data.contactRequests;
  const myOrg = access.organisation?.id;
  const sent = requests.filter((r) => myOrg && r.requester?.id === myOrg && r.myAnswer === null);
  const received = requests.filter((r) => r.myAnswer !== null && r.myAnswer !== undefined);
  const pending = access.coordinator ? requests.filter((r) => r.status === 'PENDING_REVIEW') : [];
  const reviewed = access.coordinator ? requests.filter((r) => r.status !== 'PENDING_REVIEW') : [];

  return (
    <main>
      <h1>Contact requests</h1>
      <p>When an indicator you hold is also in reports you cannot see, you may ask its holders to connect. The coordinators read each request first and pass it on without learning who the holders are.</p>
      {access.coordinator && (
        <>
          <section aria-label="Awaiting review">
            <h2>Awaiting review ({pending.length})</h2>
            {pending.length === 0 ? <p>No request waits for review.</p> : pending.map((r) => (
              <article key={r.id} className="panel request">
                <RequestHead r={r} />
                <p>Goes to {r.recipientCount === 1 ? '1 organisation' : `${r.recipientCount} organisations`} holding it.</p>
                <ReviewForm r={r} />
              </article>
            ))}
          </section>
          <section aria-label="Reviewed">
            <h2>Reviewed ({reviewed.length})</h2>
            <DataTable label="Reviewed requests" columns={REVIEWED_COLUMNS} rows={reviewed} rowKey={(r) => r.id} empty={<p>None yet.</p>} />
          </section>
        </>
      )}
      {access.activeMember && (
        <>
          <section aria-label="Addressed to you">
            <h2>Addressed to you ({received.length})</h2>
            {received.length === 0 ? <p>No member has asked to connect with you.</p> : received.map((r) => (
              <article key={r.id} className="panel request">
                <RequestHead r={r} />
                {r.myAnswer === 'WAITING' ? <AnswerButtons r={r} /> : <p>You {r.myAnswer === 'ACCEPTED' ? 'accepted' : 'declined'}.</p>}
              </article>
            ))}
          </section>
          <section aria-label="Sent by you">
            <h2>Sent by you ({sent.length})</h2>
            <DataTable label="Sent requests" columns={SENT_COLUMNS} rows={sent} rowKey={(r) => r.id} empty={<p>You have not asked anyone to connect.</p>} />
          </section>
        </>
      )}
      {!access.coordinator && !access.activeMember && <p role="alert">Contact requests are for people of active members and the coordinators.</p>}
    </main>
  );
}
