import { formatDateTime } from '../common/format';
import { graphql } from '../gql';
import type { AuditEventRowFragment } from '../gql/graphql';

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

/** One change: when, what, to which kind of object, by which kind of actor; before and after on request. */
export function AuditEventRow({ event }: { event: AuditEventRowFragment }) {
  const changed = event.before != null || event.after != null;
  return (
    <tr>
      <td className="nowrap">{formatDateTime(event.createdAt)}</td>
      <td><code>{event.action}</code></td>
      <td>{event.targetType}</td>
      <td>{ACTOR_KINDS[event.actorKind] ?? event.actorKind}</td>
      <td>
        {changed ? (
          <details className="changes">
            <summary>Before and after</summary>
            <div className="json-pair">
              <figure><figcaption>Before</figcaption><RecordedJson value={event.before} other={event.after} /></figure>
              <figure><figcaption>After</figcaption><RecordedJson value={event.after} other={event.before} /></figure>
            </div>
          </details>
        ) : '—'}
      </td>
    </tr>
  );
}
