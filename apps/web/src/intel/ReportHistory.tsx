import { formatDateTime, sharingLevelLabel } from '../common/format';
import type { SharingLevel } from '../gql/graphql';

interface Snapshot {
  title?: string;
  sharingLevel?: SharingLevel;
  confidence?: number;
  summary?: string;
  indicators?: { type: string; value: string; key: string }[];
}

/** Earlier versions of a report (for its organisation and the coordinators), newest first. */
export function ReportHistory({ history }: { history: readonly { version: number; replacedAt: string; snapshot: unknown }[] }) {
  return (
    <section aria-label="History" className="panel">
      <h2>History</h2>
      <ol className="plain history" reversed>
        {[...history].reverse().map((v) => {
          const s = (v.snapshot ?? {}) as Snapshot;
          return (
            <li key={v.version}>
              <details className="changes">
                <summary>Version {v.version}, replaced {formatDateTime(v.replacedAt)}</summary>
                <dl className="facts">
                  <dt>Title</dt><dd>{s.title ?? '—'}</dd>
                  <dt>Sharing level</dt><dd>{s.sharingLevel ? sharingLevelLabel(s.sharingLevel) : '—'}</dd>
                  <dt>Confidence</dt><dd>{s.confidence ?? '—'}</dd>
                  <dt>Indicators</dt>
                  <dd>
                    {s.indicators?.length ? (
                      <ul className="plain">{s.indicators.map((i, n) => <li key={n}><code>{i.key}</code> <span className="hint">{i.type}</span></li>)}</ul>
                    ) : '—'}
                  </dd>
                </dl>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
