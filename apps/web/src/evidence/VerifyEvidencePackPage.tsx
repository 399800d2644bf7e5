import { useState } from 'react';
import type { PackManifest, PackMismatch } from '../../../../libs/custody/src/pack';
import { verifyPackBlob } from '../../../../libs/custody/src/verify-blob';
import { useUpload } from '../common/useUpload';
import { Button } from '../ui/Button';
import { Field } from '../ui/Field';
import { Page } from '../ui/Page';

type Verdict = { fileName: string; mismatch: PackMismatch | null; manifest: PackManifest | null };

/**
 * /verify-evidence-pack: checks an evidence pack in the browser, nothing sent anywhere — each file
 * against the manifest's SHA-256, each custody entry against its hash and the one before, the
 * signed head with the pack's Ed25519 key (WebCrypto), the manifest against the export's entry —
 * the same checks as `npm run verify-evidence`. Needs no account: whoever holds a pack may check it.
 */
export function VerifyEvidencePackPage() {
  const [verdict, setVerdict] = useState<Verdict>();
  const { file, setFile, busy, formKey, submit } = useUpload(async (pack) => {
    setVerdict(undefined);
    setVerdict({ fileName: pack.name, ...(await verifyPackBlob(pack)) });
  });

  return (
    <Page title="Verify an evidence pack" width="narrow"
      intro="Pick an evidence pack (a .zip exported from a case). It is checked here, in your browser: nothing is uploaded.">
      <form key={formKey} onSubmit={(e) => void submit(e)} aria-label="Pick a pack">
        <Field label="Evidence pack">
          <input type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </Field>
        <Button type="submit" disabled={!file} busy={busy} busyLabel="Checking…">Verify</Button>
      </form>
      {verdict && (verdict.mismatch ? (
        <section aria-label="Result">
          <div role="alert" className="form-error">
            <h2>Does not match</h2>
            <p className="pack-verdict">{verdict.fileName} — <strong>{verdict.mismatch.name}</strong>: {verdict.mismatch.message}</p>
          </div>
        </section>
      ) : verdict.manifest && (
        <section aria-label="Result">
          <h2>OK: the pack is intact</h2>
          <dl className="facts">
            <dt>Pack</dt><dd>{verdict.fileName}</dd>
            <dt>Case</dt><dd>{verdict.manifest.case.title} ({verdict.manifest.case.status})</dd>
            <dt>Alliance</dt><dd>{verdict.manifest.alliance.name}</dd>
            <dt>Exported</dt><dd>{verdict.manifest.exportedAt}</dd>
            <dt>Files</dt><dd>{verdict.manifest.files.length}</dd>
            <dt>Custody chain</dt><dd>to entry #{verdict.manifest.custody.head.seq}</dd>
            <dt>Signed by</dt><dd><code>{verdict.manifest.custody.publicKey}</code></dd>
          </dl>
          <p className="hint">Compare the key with the one the alliance publishes (its members and partners see it as <code>custodyPublicKey</code>).</p>
          <ul>{verdict.manifest.files.map((f) => <li key={f.path}>{f.fileName} <code>{f.sha256}</code></li>)}</ul>
        </section>
      ))}
    </Page>
  );
}
