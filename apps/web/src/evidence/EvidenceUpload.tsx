import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { apiErrors, attempt } from '../ui/errors';
import { Field } from '../ui/Field';
import { formatBytes } from '../common/format';
import { graphql } from '../gql';
import type { EvidenceKind } from '../gql/graphql';
import { readAsBase64 } from './readAsBase64';

const UploadEvidenceFile = graphql(`
  mutation UploadEvidenceFile($input: UploadEvidenceFileInput!) {
    uploadEvidenceFile(input: $input) { id fileName contentType sizeBytes sha256 }
  }
`);

export interface UploadedEvidence {
  fileId: string;
  kind: EvidenceKind;
}

/** The stored file, for forms that list what was uploaded. */
export interface UploadedFile {
  id: string;
  fileName: string;
  sizeBytes: number;
}

const KINDS: { kind: EvidenceKind; label: string }[] = [
  { kind: 'REGISTRATION_CERTIFICATE', label: 'Registration certificate' },
  { kind: 'AUTHORISATION_LETTER', label: 'Authorisation letter from the owner' },
  { kind: 'OTHER', label: 'Other' },
];

const TRADEMARK_HINT = 'PDF or image of the registration certificate, or the owner’s authorisation letter';

/**
 * An evidence file: uploaded as soon as it is chosen (so a form that fails for another reason does
 * not upload it twice); the parent gets the stored file's id and kind, and the file itself. A
 * trademark's evidence has a kind; other evidence (intelligence reports) leaves the kind out.
 */
export function EvidenceUpload({ onChange, error, label = 'Evidence file', hint = TRADEMARK_HINT, withKind = true }: {
  onChange: (evidence: UploadedEvidence | null, file?: UploadedFile) => void;
  error?: string;
  label?: string;
  hint?: string;
  withKind?: boolean;
}) {
  const [upload, { data, loading, error: uploadError, reset }] = useMutation(UploadEvidenceFile);
  const [kind, setKind] = useState<EvidenceKind>('REGISTRATION_CERTIFICATE');
  const [readError, setReadError] = useState<string>();
  const uploaded = data?.uploadEvidenceFile;

  const choose = async (file: File | undefined) => {
    reset();
    setReadError(undefined);
    onChange(null);
    if (!file) return;
    let contentBase64: string;
    try {
      contentBase64 = await readAsBase64(file);
    } catch {
      setReadError('Could not read the file');
      return;
    }
    const result = await attempt(upload({ variables: { input: { fileName: file.name, contentType: file.type || 'application/octet-stream', contentBase64 } } }));
    if (result) onChange({ fileId: result.uploadEvidenceFile.id, kind }, result.uploadEvidenceFile);
  };

  const message = readError ?? (uploadError ? apiErrors(uploadError).map((e) => e.message).join(' ') : undefined);
  return (
    <div className={withKind ? 'evidence' : 'evidence single'}>
      <Field label={label} error={message || error} hint={hint}>
        <input type="file" accept="application/pdf,image/png,image/jpeg,image/webp,image/gif,text/plain" onChange={(e) => choose(e.target.files?.[0])} />
      </Field>
      {withKind && (
        <Field label="Evidence kind">
          <select value={kind} onChange={(e) => {
            const next = e.target.value as EvidenceKind;
            setKind(next);
            if (uploaded) onChange({ fileId: uploaded.id, kind: next });
          }}>
            {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
          </select>
        </Field>
      )}
      {loading && <p role="status">Uploading…</p>}
      {uploaded && <p role="status" className="ok">Uploaded {uploaded.fileName} ({formatBytes(uploaded.sizeBytes)})</p>}
    </div>
  );
}
