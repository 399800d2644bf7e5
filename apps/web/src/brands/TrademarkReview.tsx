import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
import type { TrademarkDetailsFragment } from '../gql/graphql';

const VerifyTrademark = graphql(`
  mutation VerifyTrademark($input: TrademarkReviewInput!) {
    verifyTrademark(input: $input) { ...TrademarkDetails }
  }
`);

const RejectTrademark = graphql(`
  mutation RejectTrademark($input: TrademarkReviewInput!) {
    rejectTrademark(input: $input) { ...TrademarkDetails }
  }
`);

/**
 * A coordinator's decision on one trademark. A refusal (an owner that is not the member, with no
 * authorisation letter) is shown here, beside the trademark it is about.
 */
export function TrademarkReview({ trademark }: { trademark: TrademarkDetailsFragment }) {
  const [note, setNote] = useState('');
  const [verify, verifying] = useMutation(VerifyTrademark);
  const [reject, rejecting] = useMutation(RejectTrademark);
  const [lastError, setLastError] = useState<unknown>();
  const errors = placeErrors(lastError, ['note']);
  const busy = verifying.loading || rejecting.loading;

  const decide = async (decision: 'verify' | 'reject') => {
    setLastError(undefined);
    const input = { trademarkId: trademark.id, note: note.trim() || undefined };
    const run = decision === 'verify' ? verify({ variables: { input } }) : reject({ variables: { input } });
    try {
      await run;
      setNote('');
    } catch (error) {
      setLastError(error);
    }
  };

  const review = (
    <div className="review" role="group" aria-label="Verification">
      <Field label="Verification note" name="note" errors={errors} hint="Required to reject">
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <div className="actions">
        {trademark.verificationStatus !== 'VERIFIED' && (
          <Button disabled={busy} onClick={() => decide('verify')}>Verify</Button>
        )}
        {trademark.verificationStatus !== 'REJECTED' && (
          <Button variant="danger" disabled={busy} onClick={() => decide('reject')}>Reject</Button>
        )}
      </div>
      <FormAlert message={errors.form} />
    </div>
  );
  // a decided trademark keeps its controls out of the way until a coordinator wants to revisit it
  return trademark.verificationStatus === 'PENDING' ? review : (
    <details className="revisit">
      <summary>Change the decision</summary>
      {review}
    </details>
  );
}
