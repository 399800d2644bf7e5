import { Link } from 'react-router-dom';
import { countryName } from '../common/countries';
import { statusLabel } from '../common/format';
import { graphql } from '../gql';
import type { MemberRowFragment, MembershipStatus } from '../gql/graphql';

// the fields of one directory row; the directory and the applications list both use it
graphql(`
  fragment MemberRow on Membership {
    id status tier
    categories { id name }
    organisation { id name country brands { id } }
  }
`);

/** Members as a table: organisation (linking to its page), country, status, categories, brands. */
export function MemberTable({ members, label, describeStatus = statusLabel }: {
  members: readonly MemberRowFragment[];
  label: string;
  describeStatus?: (status: MembershipStatus) => string;
}) {
  return (
    <table aria-label={label}>
      <thead>
        <tr><th>Organisation</th><th>Country</th><th>Status</th><th>Categories</th><th className="num">Brands</th></tr>
      </thead>
      <tbody>
        {members.map((m) => (
          <tr key={m.id}>
            <td><Link to={`/members/${encodeURIComponent(m.id)}`}>{m.organisation.name}</Link></td>
            <td>{countryName(m.organisation.country)}</td>
            <td><span className={`badge status-${m.status.toLowerCase()}`}>{describeStatus(m.status)}</span></td>
            <td>{m.categories.map((c) => c.name).join(', ')}</td>
            <td className="num">{m.organisation.brands.length}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
