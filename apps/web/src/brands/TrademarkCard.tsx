import type { ReactNode } from 'react';
import { enumLabel, formatBytes } from '../common/format';
import { graphql } from '../gql';
import type { TrademarkDetailsFragment } from '../gql/graphql';

graphql(`
  fragment TrademarkDetails on Trademark {
    id office registrationNumber niceClasses ownerName registeredOn expiresOn
    verificationStatus verificationNote
    evidence { kind file { id fileName sizeBytes sha256 downloadUrl } }
  }
`);

/** The accessible name of a trademark's card, e.g. "Trademark EUIPO 018123456". */
export const trademarkLabel = (t: { office: string; registrationNumber: string }) => `Trademark ${t.office} ${t.registrationNumber}`;

/** One registration: its fields, verification and evidence; `children` holds actions. */
export function TrademarkCard({ trademark: t, children }: { trademark: TrademarkDetailsFragment; children?: ReactNode }) {
  return (
    <article className="trademark" aria-label={trademarkLabel(t)}>
      <header>
        <strong>{t.office} {t.registrationNumber}</strong>
        <span className={`badge verification-${t.verificationStatus.toLowerCase()}`}>{enumLabel(t.verificationStatus)}</span>
      </header>
      <dl className="facts">
        <dt>Nice classes</dt><dd>{t.niceClasses.join(', ')}</dd>
        <dt>Owner</dt><dd>{t.ownerName}</dd>
        <dt>Registered</dt><dd>{t.registeredOn ?? '—'}</dd>
        <dt>Expires</dt><dd>{t.expiresOn ?? '—'}</dd>
        {t.verificationNote && (<><dt>Verification note</dt><dd>{t.verificationNote}</dd></>)}
        <dt>Evidence</dt>
        <dd>
          {t.evidence.length === 0 ? 'None' : (
            <ul className="plain">
              {t.evidence.map((e, i) => (
                <li key={e.file?.id ?? i}>
                  {enumLabel(e.kind)}: {e.file ? <><a href={e.file.downloadUrl} download={e.file.fileName}>{e.file.fileName}</a> ({formatBytes(e.file.sizeBytes)}, SHA-256 <code title={e.file.sha256}>{e.file.sha256.slice(0, 12)}…</code>)</> : 'file not visible to you'}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {children}
    </article>
  );
}
