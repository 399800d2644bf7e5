import { Link } from 'react-router-dom';
import { countryName } from '../common/countries';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import type { MemberRowFragment, MembershipStatus } from '../gql/graphql';
import { DataTable, type Column, type LoadMore } from '../ui/DataTable';

// the fields of one directory row; the directory and the applications list both use it
graphql(`
  fragment MemberRow on Membership {
    id status tier
    categories { id name }
    organisation { id name country brands { id } }
  }
`);

const columns = (describeStatus: (status: MembershipStatus) => string): Column<MemberRowFragment>[] => [
  { id: 'organisation', header: 'Organisation', sortValue: (m) => m.organisation.name,
    cell: (m) => <Link to={`/members/${encodeURIComponent(m.id)}`}>{m.organisation.name}</Link> },
  { id: 'country', header: 'Country', sortValue: (m) => countryName(m.organisation.country), cell: (m) => countryName(m.organisation.country) },
  { id: 'status', header: 'Status', sortValue: (m) => describeStatus(m.status),
    cell: (m) => <span className={`badge status-${m.status.toLowerCase()}`}>{describeStatus(m.status)}</span> },
  { id: 'categories', header: 'Categories', cell: (m) => m.categories.map((c) => c.name).join(', ') },
  { id: 'brands', header: 'Brands', className: 'num', sortValue: (m) => m.organisation.brands.length, cell: (m) => m.organisation.brands.length },
];

/** Members as a table: organisation (linking to its page), country, status, categories, brands. */
export function MemberTable({ members, label, describeStatus = statusLabel, empty, loadMore }: {
  members: readonly MemberRowFragment[];
  label: string;
  describeStatus?: (status: MembershipStatus) => string;
  empty?: string;
  loadMore?: LoadMore;
}) {
  return (
    <DataTable label={label} columns={columns(describeStatus)} rows={members} rowKey={(m) => m.id}
      empty={<p>{empty ?? 'No member matches.'}</p>} loadMore={loadMore} />
  );
}
