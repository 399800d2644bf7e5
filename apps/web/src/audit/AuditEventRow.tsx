import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { AuditEventRowFragment } from '../gql/graphql';
import { type Column } from '../ui/DataTable';

graphql(`
  fragment AuditEventRow on AuditEvent {
    id action targetType targetId actorKind actorId before after createdAt
  }
`);

const ACTOR_KINDS: Record<string, string> = { USER: 'User', API_KEY: 'API key' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A recorded value as indented JSON (exactly `JSON.stringify(value, null, 2)`); when both sides are
 * objects, the top-level keys whose value differs on the other side are marked.
 */
function RecordedJson({ value, other }: { value: unknown; other: unknown }) {
  if (value === null || value === undefined) return <pre>—</pre>;
  if (!isObject(value) || !isObject(other) || Object.keys(value).length === 0) return <pre>{JSON.stringify(value, null, 2)}</pre>;
  const entries = Object.entries(value);
  return (
    <pre>
      {'{\n'}
      {entries.map(([key, v], i) => {
        const line = `  ${JSON.stringify(key)}: ${JSON.stringify(v, null, 2).replace(/\n/g, '\n  ')}`;
        const comma = i < entries.length - 1 ? ',\n' : '\n';
        return same(v, other[key]) ? <span key={key}>{line}{comma}</span> : <span key={key}><mark>{line}</mark>{comma}</span>;
      })}
      {'}'}
    </pre>
  );
}

/** Before and after on request, or a dash when the event recorded neither. */
function Changes({ event }: { event: AuditEventRowFragment }) {
  if (event.before == null && event.after == null) return <>—</>;
  return (
    <details className="changes">
      <summary>Before and after</summary>
      <div className="json-pair">
        <figure><figcaption>Before</figcaption><RecordedJson value={event.before} other={event.after} /></figure>
        <figure><figcaption>After</figcaption><RecordedJson value={event.after} other={event.before} /></figure>
      </div>
    </details>
  );
}

/** One change per row: when, what, to which kind of object, by which kind of actor; before and after on request. */
export const AUDIT_EVENT_COLUMNS: Column<AuditEventRowFragment>[] = [
  { id: 'createdAt', header: 'Time', className: 'nowrap', cell: (e) => formatDateTime(e.createdAt) },
  { id: 'action', header: 'Action', sortValue: (e) => e.action, cell: (e) => <code>{e.action}</code> },
  { id: 'targetType', header: 'Target type', sortValue: (e) => e.targetType, cell: (e) => e.targetType },
  { id: 'actor', header: 'Actor', cell: (e) => ACTOR_KINDS[e.actorKind] ?? e.actorKind },
  { id: 'changes', header: 'Changes', cell: (e) => <Changes event={e} /> },
];
