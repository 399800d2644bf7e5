import { formatDateTime, statusLabel } from '../common/format';
import type { MembershipStatus } from '../gql/graphql';
import { DataTable, type Column } from '../ui/DataTable';

interface Transition { from?: MembershipStatus | null; to: MembershipStatus; reason?: string | null; at: string }

const COLUMNS: Column<Transition>[] = [
  { id: 'at', header: 'When', cell: (h) => formatDateTime(h.at) },
  { id: 'from', header: 'From', cell: (h) => (h.from ? statusLabel(h.from) : '—') },
  { id: 'to', header: 'To', cell: (h) => statusLabel(h.to) },
  { id: 'reason', header: 'Reason', cell: (h) => h.reason ?? '' },
];

/** The membership's lifecycle so far, oldest first. */
export function MembershipHistory({ history }: { history: readonly Transition[] }) {
  if (history.length === 0) return null;
  return (
    <section>
      <h2>History</h2>
      <DataTable label="Membership history" columns={COLUMNS} rows={history} rowKey={(_, i) => String(i)} />
    </section>
  );
}
