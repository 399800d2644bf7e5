import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';

const ReportSighting = graphql(`
  mutation ReportSighting($input: ReportSightingInput!) {
    reportSighting(input: $input) { seenAt note organisation { id name } }
  }
`);

/** "Seen too": the caller's organisation observed this indicator as well, with an optional note. */
export function SeenTooForm({ indicatorId, label }: { indicatorId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [record, { loading, error, reset }] = useMutation(ReportSighting, { refetchQueries: ['IntelReportPage'], awaitRefetchQueries: true });
  const errors = placeErrors(error, ['note', 'seenAt']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await attempt(record({ variables: { input: { indicatorId, note: note.trim() || undefined } } }))) {
      setNote('');
      setOpen(false);
    }
  };

  if (!open) {
    return (
      <Button variant="secondary" small onClick={() => { reset(); setOpen(true); }}>
        Seen too<span className="sr-only"> ({label})</span>
      </Button>
    );
  }
  return (
    <form onSubmit={submit} aria-label={`Seen too: ${label}`} className="inline seen-too">
      <Field label="Note on your sighting" hint="Optional" error={errors.byField.note ?? errors.byField.seenAt}>
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </Field>
      <div className="actions">
        <Button type="submit" busy={loading} busyLabel="Recording…">Record sighting</Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
      </div>
      <FormAlert message={errors.form} />
    </form>
  );
}
