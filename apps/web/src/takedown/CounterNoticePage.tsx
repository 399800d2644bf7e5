import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { CounterNoticeReason } from '../gql/graphql';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { Page } from '../ui/Page';
import { COUNTER_REASON_LABELS, REASON_LABELS, STATUS_LABELS } from './labels';

graphql(`
  fragment PublicNotice on PublicTakedownNotice {
    requestId status marketplace complainant brand right reason counterDeadline open
    listings { position url listingId storeId storeName }
  }
`);

const CounterNoticeRequestQuery = graphql(`
  query CounterNoticeRequest($requestId: ID!, $token: String!) {
    counterNoticeRequest(requestId: $requestId, token: $token) { ...PublicNotice }
  }
`);

const FileCounterNoticeMutation = graphql(`
  mutation FileCounterNotice($input: FileCounterNoticeInput!) {
    fileCounterNotice(input: $input) { ...PublicNotice }
  }
`);

const FIELDS = ['reason', 'statement', 'contactName', 'contactEmail', 'evidenceUrls'];
const REASONS = Object.keys(COUNTER_REASON_LABELS) as CounterNoticeReason[];

/**
 * /counter-notice/:requestId?token=…: the page a removal notice links the seller to, without an
 * account. It shows what was removed and why, and while the seller's window is open takes their
 * counter-notice (reason, statement, contact, links to evidence).
 */
export function CounterNoticePage() {
  const { requestId = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { data, loading, error } = useQuery(CounterNoticeRequestQuery, { variables: { requestId, token } });
  const [values, setValues] = useState({ reason: 'GENUINE_GOODS' as CounterNoticeReason, statement: '', contactName: '', contactEmail: '', evidenceUrls: '' });
  const [file, filed] = useMutation(FileCounterNoticeMutation);
  const errors = placeErrors(filed.error, FIELDS);
  const set = (changes: Partial<typeof values>) => setValues((v) => ({ ...v, ...changes }));

  if (loading && !data) return <main className="narrow-wide"><p>Loading…</p></main>;
  const notice = filed.data?.fileCounterNotice ?? data?.counterNoticeRequest;
  if (!notice) {
    const notFound = apiErrors(error).some((e) => e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT');
    return <Page title="Counter-notice" width="narrow-wide"><p role="alert">{notFound ? 'This link is not valid: use the whole link from the removal notice.' : error?.message}</p></Page>;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const evidenceUrls = values.evidenceUrls.split(/\s+/).filter(Boolean);
    await file({ variables: { input: { requestId, token, reason: values.reason, statement: values.statement, contactName: values.contactName, contactEmail: values.contactEmail, evidenceUrls } } }).catch(() => undefined);
  };

  return (
    <Page title={`Removal on ${notice.marketplace}`} width="narrow-wide">
      <section aria-label="Removal notice" className="panel">
        <dl className="facts">
          <dt>Status</dt><dd>{STATUS_LABELS[notice.status]}</dd>
          <dt>Rights holder</dt><dd>{notice.complainant}</dd>
          <dt>Brand</dt><dd>{notice.brand}</dd>
          <dt>Right cited</dt><dd>{notice.right}</dd>
          <dt>Reason</dt><dd>{REASON_LABELS[notice.reason]}</dd>
          {notice.counterDeadline && <><dt>Counter-notice by</dt><dd>{formatDateTime(notice.counterDeadline)}</dd></>}
        </dl>
        <h2>Listings removed</h2>
        <ul className="files">
          {notice.listings.map((l) => <li key={l.position}>{l.url}{l.storeName ? ` (${l.storeName})` : ''}</li>)}
        </ul>
      </section>
      {filed.data ? (
        <p role="status" className="ok">Your counter-notice was received. The rights holder may answer it; the marketplace then decides whether the listings come back.</p>
      ) : !notice.open ? (
        <p>A counter-notice can no longer be filed for this removal.</p>
      ) : (
        <form onSubmit={submit} aria-label="Counter-notice" className="panel stack counter-notice-form">
          <h2>File a counter-notice</h2>
          <p className="hint">If you believe the listings were removed in error, say why. The rights holder sees your statement and contact details.</p>
          <Field label="Why the removal is wrong" name="reason" errors={errors}>
            <select value={values.reason} onChange={(e) => set({ reason: e.target.value as CounterNoticeReason })}>
              {REASONS.map((r) => <option key={r} value={r}>{COUNTER_REASON_LABELS[r]}</option>)}
            </select>
          </Field>
          <Field label="Statement" name="statement" errors={errors} hint="At least 20 characters: where the goods come from, any authorisation">
            <textarea rows={5} minLength={20} maxLength={10_000} required value={values.statement} onChange={(e) => set({ statement: e.target.value })} />
          </Field>
          <div className="grid-2">
            <Field label="Your name" name="contactName" errors={errors}>
              <input value={values.contactName} onChange={(e) => set({ contactName: e.target.value })} required minLength={2} maxLength={200} />
            </Field>
            <Field label="Your e-mail" name="contactEmail" errors={errors}>
              <input type="email" value={values.contactEmail} onChange={(e) => set({ contactEmail: e.target.value })} required maxLength={320} />
            </Field>
          </div>
          <Field label="Links to evidence" name="evidenceUrls" errors={errors} hint="Optional: invoices, authorisations, photographs (https://…), one per line">
            <textarea rows={3} value={values.evidenceUrls} onChange={(e) => set({ evidenceUrls: e.target.value })} />
          </Field>
          <FormAlert message={errors.form} />
          <div><Button type="submit" busy={filed.loading} busyLabel="Sending…">Send counter-notice</Button></div>
        </form>
      )}
    </Page>
  );
}
