import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { EvidenceUpload, type UploadedEvidence } from '../evidence/EvidenceUpload';
import { graphql } from '../gql';
import type { EnforcementActionKind } from '../gql/graphql';
import { Button } from '../ui/Button';
import { placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { LOG_KIND_LABELS } from './labels';

const LogEnforcementActionMutation = graphql(`
  mutation LogEnforcementAction($input: LogEnforcementActionInput!) {
    logEnforcementAction(input: $input) { id }
  }
`);

const AttachCaseEvidenceMutation = graphql(`
  mutation AttachCaseEvidence($input: AttachCaseEvidenceInput!) {
    attachCaseEvidence(input: $input) { id evidence { id fileName contentType sizeBytes downloadUrl } evidenceAttachments { attachedAt file { id fileName } } }
  }
`);

const KINDS = Object.keys(LOG_KIND_LABELS) as EnforcementActionKind[];

/** A dated entry of the case's log (coordinators and the case's members, until the case ends). */
export function LogActionForm({ caseId }: { caseId: string }) {
  const [kind, setKind] = useState<EnforcementActionKind>('TEST_BUY');
  const [day, setDay] = useState(() => new Date().toISOString().slice(0, 10));
  const [summary, setSummary] = useState('');
  const [log, { loading, error }] = useMutation(LogEnforcementActionMutation, { refetchQueries: ['EnforcementCase'] });
  const errors = placeErrors(error, ['kind', 'occurredOn', 'summary']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await log({ variables: { input: { caseId, kind, occurredOn: day, summary } } });
      setSummary('');
    } catch {
      // shown from the hook's error
    }
  };

  return (
    <form onSubmit={submit} aria-label="Log an action" className="panel">
      <h3>Log an action</h3>
      <Field label="What" name="kind" errors={errors}>
        <select value={kind} onChange={(e) => setKind(e.target.value as EnforcementActionKind)}>
          {KINDS.map((k) => <option key={k} value={k}>{LOG_KIND_LABELS[k]}</option>)}
        </select>
      </Field>
      <Field label="Day" name="occurredOn" errors={errors}>
        <input type="date" required value={day} onChange={(e) => setDay(e.target.value)} />
      </Field>
      <Field label="Summary" name="summary" errors={errors}>
        <textarea rows={2} required maxLength={5000} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" busy={loading} busyLabel="Saving…">Add to the log</Button></div>
    </form>
  );
}

/** Uploads a file and attaches it to the case: whoever sees the case (the referred partner too) may open it. */
export function AttachEvidenceForm({ caseId }: { caseId: string }) {
  const [evidence, setEvidence] = useState<UploadedEvidence | null>(null);
  const [attach, { loading, error }] = useMutation(AttachCaseEvidenceMutation);
  const errors = placeErrors(error, ['fileIds']);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!evidence) return;
    try {
      await attach({ variables: { input: { caseId, fileIds: [evidence.fileId] } } });
    } catch {
      // shown from the hook's error
    }
  };

  return (
    <form onSubmit={submit} aria-label="Attach evidence" className="panel">
      <h3>Attach evidence</h3>
      <EvidenceUpload withKind={false} onChange={setEvidence} error={errors.byField.fileIds} hint="Whoever sees the case, the partner it is referred to included, may open it" />
      <FormAlert message={errors.form} />
      <div><Button type="submit" disabled={!evidence} busy={loading} busyLabel="Attaching…">Attach</Button></div>
    </form>
  );
}
