import { useQuery } from '@apollo/client/react';
import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import { caseTimeline, type TimelineSources } from './caseTimeline';

/** The most exports the timeline lists (a case's packs are exported a few times; the chain of custody lists them all). */
const EXPORTS_SHOWN = 100;

const CaseExportsQuery = graphql(`
  query CaseExports($id: ID!, $first: Int) {
    enforcementCase(id: $id) {
      id
      exports: custodyLog(first: $first, kinds: [EXPORTED]) {
        totalCount
        edges { node { seq occurredAt entry } }
      }
    }
  }
`);

const KIND_LABELS = { STATUS: 'Status', REFERRAL: 'Referral', ACTION: 'Log', EVIDENCE: 'Evidence', COURT: 'Court', EXPORT: 'Export' } as const;

/**
 * The case's timeline, oldest first: status changes, the referral, the dated log, evidence
 * attached, court results and evidence pack exports (from the chain of custody), merged by date.
 * The log's entries and court results are dated by day, the rest to the minute.
 */
export function CaseTimeline({ caseId, sources }: { caseId: string; sources: Omit<TimelineSources, 'exports'> }) {
  const { data } = useQuery(CaseExportsQuery, { variables: { id: caseId, first: EXPORTS_SHOWN }, fetchPolicy: 'cache-and-network' });
  const exports = data?.enforcementCase?.exports.edges.map((e) => e.node) ?? [];
  const entries = caseTimeline({ ...sources, exports });
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((e) => (
        <li key={e.key} className={`timeline-${e.kind.toLowerCase()}`} data-kind={e.kind}>
          <time dateTime={e.at}>{e.at.length === 10 ? e.at : formatDateTime(e.at)}</time>
          <div>
            <span className="badge">{KIND_LABELS[e.kind]}</span> <strong>{e.title}</strong>
            {e.detail && <div className="hint">{e.detail}</div>}
          </div>
        </li>
      ))}
    </ol>
  );
}
