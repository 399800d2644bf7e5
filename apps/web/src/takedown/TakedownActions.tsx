import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { ListingOutcome, TakedownAction, TakedownDetailsFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { ACTION_LABELS, OUTCOME_LABELS } from './labels';

const ActOnTakedownMutation = graphql(`
  mutation ActOnTakedown($input: ActOnTakedownInput!) {
    actOnTakedown(input: $input) { ...TakedownDetails }
  }
`);

const OUTCOMES = Object.keys(OUTCOME_LABELS) as ListingOutcome[];

/** How each action asks for its note: required when asking for information, optional otherwise. */
const NOTE: Partial<Record<TakedownAction, { label: string; required?: boolean; hint?: string }>> = {
  ACCEPT: { label: 'Note', hint: 'Optional, for the rights holder' },
  REJECT: { label: 'Why not', hint: 'Optional, but the rights holder reads it' },
  ASK_FOR_INFO: { label: 'What is missing', required: true, hint: 'The clock pauses until the rights holder answers' },
  PROVIDE_INFO: { label: 'Your answer', hint: 'The reviewer reads it; the clock starts again' },
  COUNTER_NOTICE: { label: 'The counter-notice', required: true, hint: 'What the seller said, received outside Countermark' },
  REINSTATE: { label: 'Why' },
  UPHOLD: { label: 'Why' },
};

/** One action of the request: its note (and, to accept, each listing's outcome) and its button. */
function ActionForm({ request, action, onConflict }: { request: TakedownDetailsFragment; action: TakedownAction; onConflict: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [outcomes, setOutcomes] = useState<Record<number, ListingOutcome>>({});
  const [act, { loading, error }] = useMutation(ActOnTakedownMutation, { refetchQueries: ['TakedownQueue', 'TakedownRequests'] });
  // a CONFLICT is the page's to show (this form may be gone once the request is reloaded)
  const errors = placeErrors(apiErrors(error).some((e) => e.code === 'CONFLICT') ? undefined : error, ['note', 'listingOutcomes']);
  const label = ACTION_LABELS[action] ?? action;
  const asks = NOTE[action];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await act({
        variables: {
          input: {
            id: request.id,
            action,
            note: note.trim() || undefined,
            listingOutcomes: action === 'ACCEPT' ? request.listings.map((l) => ({ position: l.position, outcome: outcomes[l.position] ?? 'REMOVED' })) : undefined,
          },
        },
      });
      setNote('');
    } catch (e) {
      // someone acted first: the page says so and shows the request as it is now, with the actions left
      const conflict = apiErrors(e).find((x) => x.code === 'CONFLICT');
      if (conflict) onConflict(conflict.message);
    }
  };

  return (
    <form onSubmit={submit} aria-label={label} className="panel takedown-action">
      <h3>{label}</h3>
      {action === 'ACCEPT' && (
        <fieldset className="outcomes">
          <legend>Outcome per listing</legend>
          {request.listings.map((l) => (
            <Field key={l.position} label={`Outcome of listing ${l.position}`}>
              <select value={outcomes[l.position] ?? 'REMOVED'} onChange={(e) => setOutcomes((o) => ({ ...o, [l.position]: e.target.value as ListingOutcome }))}>
                {OUTCOMES.map((o) => <option key={o} value={o}>{OUTCOME_LABELS[o]}</option>)}
              </select>
            </Field>
          ))}
          {errors.byField.listingOutcomes && <span className="field-error">{errors.byField.listingOutcomes}</span>}
        </fieldset>
      )}
      {asks && (
        <Field label={asks.label} name="note" errors={errors} hint={asks.hint}>
          <textarea rows={2} maxLength={5000} value={note} required={asks.required} onChange={(e) => setNote(e.target.value)} />
        </Field>
      )}
      <FormAlert message={errors.form} />
      <div><Button type="submit" variant={action === 'REJECT' ? 'danger' : 'primary'} busy={loading} busyLabel="Saving…">{label}</Button></div>
    </form>
  );
}

/** The actions the API says the caller may take now (`availableActions`), each a small form. */
export function TakedownActions({ request, onConflict }: { request: TakedownDetailsFragment; onConflict: (message: string) => void }) {
  const actions = request.availableActions.filter((a) => ACTION_LABELS[a]);
  if (actions.length === 0) return null;
  return (
    <section aria-label="Decide" className="stack">
      <h2>{actions.includes('PROVIDE_INFO') ? 'Your answer' : 'Decide'}</h2>
      {actions.map((a) => <ActionForm key={`${request.status}-${a}`} request={request} action={a} onConflict={onConflict} />)}
    </section>
  );
}
