import { useState } from 'react';
import { postToApi } from '../common/apiRoutes';
import { formatBytes } from '../common/format';
import type { EvidenceKind } from '../gql/graphql';
import { apiErrors } from '../ui/errors';
import { Field } from '../ui/Field';

export interface UploadedEvidence {
  fileId: string;
  kind: EvidenceKind;
}

/** The stored file, for forms that list what was uploaded (POST /files answers it). */
export interface UploadedFile {
  id: string;
  fileName: string;
  sizeBytes: number;
}

/** Sends the file as multipart/form-data to POST /files: the bytes as they are, not base64 inside GraphQL. */
export function uploadFile(file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  return postToApi<UploadedFile>('/files', body);
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
  const [kind, setKind] = useState<EvidenceKind>('REGISTRATION_CERTIFICATE');
  const [loading, setLoading] = useState(false);
  const [uploaded, setUploaded] = useState<UploadedFile>();
  const [uploadError, setUploadError] = useState<unknown>();

  const choose = async (file: File | undefined) => {
    setUploaded(undefined);
    setUploadError(undefined);
    onChange(null);
    if (!file) return;
    setLoading(true);
    try {
      const stored = await uploadFile(file);
      setUploaded(stored);
      onChange({ fileId: stored.id, kind }, stored);
    } catch (e) {
      setUploadError(e);
    } finally {
      setLoading(false);
    }
  };

  const message = uploadError ? apiErrors(uploadError).map((e) => e.message).join(' ') : undefined;
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
