import { formatDateTime, statusLabel } from '../common/format';
import type { MembershipStatus } from '../gql/graphql';

/** The membership's lifecycle so far, oldest first. */
export function MembershipHistory({ history }: { history: readonly { from?: MembershipStatus | null; to: MembershipStatus; reason?: string | null; at: string }[] }) {
  if (history.length === 0) return null;
  return (
    <section>
      <h2>History</h2>
      <table aria-label="Membership history">
        <thead><tr><th>When</th><th>From</th><th>To</th><th>Reason</th></tr></thead>
        <tbody>
          {history.map((h, i) => (
            <tr key={i}>
              <td>{formatDateTime(h.at)}</td>
              <td>{h.from ? statusLabel(h.from) : '—'}</td>
              <td>{statusLabel(h.to)}</td>
              <td>{h.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
