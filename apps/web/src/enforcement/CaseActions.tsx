import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../gql';
import type { EnforcementCaseAction, EnforcementCaseDetailsFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { apiErrors, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { CASE_ACTION_LABELS } from './labels';

const MoveEnforcementCaseMutation = graphql(`
  mutation MoveEnforcementCase($input: MoveEnforcementCaseInput!) {
    moveEnforcementCase(input: $input) { ...EnforcementCaseDetails }
  }
`);

const LawEnforcementPartnersQuery = graphql(`
  query LawEnforcementPartners {
    partners(first: 100) { edges { node { id kind status organisation { id name } } } }
  }
`);

/** The partner, agency, jurisdiction and reference of a referral (coordinators). */
function ReferralFields({ value, onChange, errors }: {
  value: { partnershipId: string; agency: string; jurisdiction: string; reference: string };
  onChange: (v: { partnershipId: string; agency: string; jurisdiction: string; reference: string }) => void;
  errors: ReturnType<typeof placeErrors>;
}) {
  const { data } = useQuery(LawEnforcementPartnersQuery);
  const partners = (data?.partners.edges ?? []).map((e) => e.node).filter((p) => p.kind === 'LAW_ENFORCEMENT' && p.status === 'ACTIVE');
  return (
    <>
      <Field label="Law-enforcement partner" name="referral.partnershipId" errors={errors}>
        <select required value={value.partnershipId} onChange={(e) => {
          const partner = partners.find((p) => p.id === e.target.value);
          onChange({ ...value, partnershipId: e.target.value, agency: value.agency || partner?.organisation?.name || '' });
        }}>
          <option value="">Choose…</option>
          {partners.map((p) => <option key={p.id} value={p.id}>{p.organisation?.name ?? p.id}</option>)}
        </select>
      </Field>
      <Field label="Agency or unit" name="referral.agency" errors={errors}>
        <input required maxLength={300} value={value.agency} onChange={(e) => onChange({ ...value, agency: e.target.value })} />
      </Field>
      <Field label="Jurisdiction" name="referral.jurisdiction" errors={errors} hint="Country code, optionally -region (CN-GD)">
        <input required maxLength={6} value={value.jurisdiction} onChange={(e) => onChange({ ...value, jurisdiction: e.target.value })} />
      </Field>
      <Field label="Their reference" name="referral.reference" errors={errors}>
        <input maxLength={200} value={value.reference} onChange={(e) => onChange({ ...value, reference: e.target.value })} />
      </Field>
    </>
  );
}

/** One step of the lifecycle: its note (a referral's details for REFER) and its button. */
function MoveForm({ c, action, onConflict }: { c: EnforcementCaseDetailsFragment; action: EnforcementCaseAction; onConflict: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [referral, setReferral] = useState({ partnershipId: '', agency: '', jurisdiction: '', reference: '' });
  const [move, { loading, error }] = useMutation(MoveEnforcementCaseMutation, { refetchQueries: ['EnforcementCases'] });
  const errors = placeErrors(apiErrors(error).some((e) => e.code === 'CONFLICT') ? undefined : error, ['note', 'referral']);
  const label = CASE_ACTION_LABELS[action];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await move({
        variables: {
          input: {
            id: c.id, action, note: note.trim() || undefined,
            referral: action === 'REFER' ? { ...referral, reference: referral.reference.trim() || undefined } : undefined,
          },
        },
      });
      setNote('');
    } catch (e) {
      const conflict = apiErrors(e).find((x) => x.code === 'CONFLICT');
      if (conflict) onConflict(conflict.message);
    }
  };

  return (
    <form onSubmit={submit} aria-label={label} className="panel case-action">
      <h3>{label}</h3>
      {action === 'REFER' && <ReferralFields value={referral} onChange={setReferral} errors={errors} />}
      <Field label="Note" name="note" errors={errors}>
        <textarea rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <FormAlert message={errors.form} />
      <div><Button type="submit" variant={action === 'DROP' ? 'danger' : 'primary'} busy={loading} busyLabel="Saving…">{label}</Button></div>
    </form>
  );
}

/** The steps the API says the caller may take now (`availableActions`). */
export function CaseActions({ c, onConflict }: { c: EnforcementCaseDetailsFragment; onConflict: (message: string) => void }) {
  if (c.availableActions.length === 0) return null;
  return (
    <section aria-label="Move the case" className="stack">
      <h2>Next step</h2>
      {c.availableActions.map((a) => <MoveForm key={`${c.status}-${a}`} c={c} action={a} onConflict={onConflict} />)}
    </section>
  );
}
