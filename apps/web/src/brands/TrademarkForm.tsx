import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { EvidenceUpload, type UploadedEvidence } from '../evidence/EvidenceUpload';
import { graphql } from '../gql';
import type { TrademarkOffice } from '../gql/graphql';
import { parseNiceClasses } from './niceClasses';

const AddTrademark = graphql(`
  mutation AddTrademark($input: AddTrademarkInput!) {
    addTrademark(input: $input) {
      id
      brand { id trademarks { ...TrademarkDetails } }
    }
  }
`);

const OFFICES: TrademarkOffice[] = ['CNIPA', 'USPTO', 'EUIPO', 'WIPO', 'UKIPO', 'JPO', 'KIPO', 'OTHER'];
const FIELDS = ['office', 'registrationNumber', 'niceClasses', 'ownerName', 'registeredOn', 'expiresOn', 'evidence'];

const blank = (ownerName: string) => ({ office: '', registrationNumber: '', niceClasses: '', ownerName, registeredOn: '', expiresOn: '' });

/** Adds a registration to a brand, with its evidence; the API's message goes beside the field it names. */
export function TrademarkForm({ brandId, defaultOwner, onSaved }: { brandId: string; defaultOwner: string; onSaved: () => void }) {
  const [values, setValues] = useState(blank(defaultOwner));
  const [evidence, setEvidence] = useState<UploadedEvidence | null>(null);
  const [uploadKey, setUploadKey] = useState(0);
  const [localError, setLocalError] = useState<string>();
  const [add, { loading, error, reset }] = useMutation(AddTrademark);
  const errors = placeErrors(error, FIELDS);
  const set = (changes: Partial<typeof values>) => setValues((v) => ({ ...v, ...changes }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    const parsed = parseNiceClasses(values.niceClasses);
    setLocalError('error' in parsed ? parsed.error : undefined);
    if ('error' in parsed) return;
    const input = {
      brandId,
      office: values.office as TrademarkOffice,
      registrationNumber: values.registrationNumber,
      niceClasses: parsed.classes,
      ownerName: values.ownerName,
      registeredOn: values.registeredOn || undefined,
      expiresOn: values.expiresOn || undefined,
      evidence: evidence ? [evidence] : undefined,
    };
    if (await attempt(add({ variables: { input } }))) {
      setValues(blank(defaultOwner));
      setEvidence(null);
      setUploadKey((k) => k + 1);
      onSaved();
    }
  };

  return (
    <form onSubmit={submit} aria-label="Add a trademark" className="trademark-form">
      <h4>Add a trademark</h4>
      <div className="grid-2">
        <Field label="Office" name="office" errors={errors}>
          <select value={values.office} onChange={(e) => set({ office: e.target.value })} required>
            <option value="">Choose an office</option>
            {OFFICES.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        </Field>
        <Field label="Registration number" name="registrationNumber" errors={errors}>
          <input value={values.registrationNumber} onChange={(e) => set({ registrationNumber: e.target.value })} required />
        </Field>
        <Field label="Nice classes" error={localError ?? errors.byField.niceClasses} hint="Comma-separated, e.g. 9, 25">
          <input value={values.niceClasses} onChange={(e) => set({ niceClasses: e.target.value })} inputMode="numeric" />
        </Field>
        <Field label="Owner name" name="ownerName" errors={errors} hint="The registered owner; attach an authorisation letter if it is not your organisation">
          <input value={values.ownerName} onChange={(e) => set({ ownerName: e.target.value })} required />
        </Field>
        <Field label="Registered on" name="registeredOn" errors={errors}>
          <input type="date" value={values.registeredOn} onChange={(e) => set({ registeredOn: e.target.value })} />
        </Field>
        <Field label="Expires on" name="expiresOn" errors={errors}>
          <input type="date" value={values.expiresOn} onChange={(e) => set({ expiresOn: e.target.value })} />
        </Field>
      </div>
      <EvidenceUpload key={uploadKey} onChange={setEvidence} error={errors.byField.evidence} />
      <FormAlert message={errors.form} />
      <div><Button type="submit" disabled={loading}>Add trademark</Button></div>
    </form>
  );
}
