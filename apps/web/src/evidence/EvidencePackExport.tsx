import { useState } from 'react';
import { CSRF_HEADERS } from '../auth/session';
import { Button } from '../ui/Button';

/**
 * Downloads the case's evidence pack (GET /evidence-packs/{id}: coordinators, the lead member and
 * the referred partner; the API refuses the rest and its reason is shown). Each download is a
 * custody event (`onExported` then lets the page read its log again). The pack is held in the page while it is saved.
 */
export function EvidencePackExport({ caseId, onExported }: { caseId: string; onExported?: () => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  const download = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const res = await fetch(`/evidence-packs/${encodeURIComponent(caseId)}`, { headers: CSRF_HEADERS, credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { message?: string } | null;
        throw new Error(body?.message ?? `The pack could not be exported (HTTP ${res.status})`);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'evidence-pack.zip';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      // the export is a custody event: whatever lists them reads again
      onExported?.();
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Button variant="secondary" busy={busy} busyLabel="Exporting…" onClick={() => void download()}>Export evidence pack</Button>
      {problem && <p role="alert" className="form-error">{problem}</p>}
    </div>
  );
}
