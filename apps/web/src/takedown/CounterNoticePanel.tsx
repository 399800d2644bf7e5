import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { TakedownDetailsFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { actorLabel, COUNTER_REASON_LABELS } from './labels';

const AnswerCounterNoticeMutation = graphql(`
  mutation AnswerCounterNotice($input: AnswerCounterNoticeInput!) {
    answerCounterNotice(input: $input) { ...TakedownDetails }
  }
`);

/** The rights holder's answer to a counter-notice, within its window; without one the listings come back. */
function AnswerForm({ request, onConflict }: { request: TakedownDetailsFragment; onConflict: (message: string) => void }) {
  const [answer, setAnswer] = useState('');
  const [legalAction, setLegalAction] = useState(false);
  const [send, { loading, error }] = useMutation(AnswerCounterNoticeMutation, { refetchQueries: ['TakedownRequest'] });
  const errors = placeErrors(apiErrors(error).some((e) => e.code === 'CONFLICT') ? undefined : error, ['answer', 'legalAction']);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await send({ variables: { input: { id: request.id, answer, legalAction } } });
    } catch (e) {
      const conflict = apiErrors(e).find((x) => x.code === 'CONFLICT');
      if (conflict) onConflict(conflict.message);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Answer the counter-notice" className="stack">
      <Field label="Your answer" name="answer" errors={errors} hint={`By ${formatDateTime(request.answerDeadline)}; without an answer the listings are reinstated`}>
        <textarea rows={3} minLength={10} maxLength={10_000} required value={answer} onChange={(e) => setAnswer(e.target.value)} />
      </Field>
      <label className="check"><input type="checkbox" checked={legalAction} onChange={(e) => setLegalAction(e.target.checked)} /> We have started legal action against the seller</label>
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={loading} busyLabel="Sending…">Send answer</Button></div>
    </form>
  );
}

/**
 * The seller's side of an accepted request: until when a counter-notice may come (and, for the
 * deciders, the link the removal notice gives the seller), the counter-notice itself, and the rights
 * holder's answer or the form to give it.
 */
export function CounterNoticePanel({ request, canAnswer, now, onConflict }: {
  request: TakedownDetailsFragment;
  /** the caller is the rights holder (or its agent) */
  canAnswer: boolean;
  now: number;
  onConflict: (message: string) => void;
}) {
  const c = request.counterNotice;
  if (!c && !request.counterDeadline && !request.counterNoticeLink) return null;
  const answerOpen = canAnswer && request.status === 'COUNTER_NOTICED' && c && !c.answer && (!request.answerDeadline || new Date(request.answerDeadline).getTime() > now);
  return (
    <section aria-label="Counter-notice" className="panel">
      <h2>Counter-notice</h2>
      {!c && request.counterDeadline && <p>The seller may counter-notify until {formatDateTime(request.counterDeadline)} (business days of the marketplace’s jurisdiction).</p>}
      {request.counterNoticeLink && (
        <p className="hint">The removal notice’s link for the seller: <a href={request.counterNoticeLink}>{request.counterNoticeLink}</a></p>
      )}
      {c && (
        <>
          <dl className="facts">
            <dt>Filed</dt><dd>{formatDateTime(c.filedAt)} by {actorLabel(c.filedByKind).toLowerCase()}</dd>
            <dt>Reason</dt><dd>{COUNTER_REASON_LABELS[c.reason as keyof typeof COUNTER_REASON_LABELS] ?? c.reason}</dd>
            {(c.contactName || c.contactEmail) && <><dt>Contact</dt><dd>{[c.contactName, c.contactEmail].filter(Boolean).join(', ')}</dd></>}
            {request.answerDeadline && <><dt>Answer by</dt><dd>{formatDateTime(request.answerDeadline)}</dd></>}
          </dl>
          <p className="statement">{c.statement}</p>
          {c.evidenceUrls.length > 0 && (
            <ul className="files" aria-label="Seller’s evidence">
              {c.evidenceUrls.map((u) => <li key={u}><a href={u} rel="noreferrer noopener" target="_blank">{u}</a></li>)}
            </ul>
          )}
          {c.answer && (
            <>
              <h3>The rights holder’s answer</h3>
              <p className="statement">{c.answer}</p>
              <p className="hint">{formatDateTime(c.answeredAt)}{c.legalAction ? ' · legal action started' : ''}</p>
            </>
          )}
          {answerOpen && <AnswerForm request={request} onConflict={onConflict} />}
        </>
      )}
    </section>
  );
}
