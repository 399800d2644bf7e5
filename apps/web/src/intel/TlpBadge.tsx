import { sharingLevelLabel, sharingLevelMeaning } from '../common/format';
import type { SharingLevel } from '../gql/graphql';

/** A report's TLP 2.0 label in its colour (AMBER+STRICT is amber, with its "+STRICT"). */
export function TlpBadge({ level }: { level: SharingLevel }) {
  return (
    <span className={`tlp tlp-${level.toLowerCase().replace('_', '-')}`} title={`Shared with ${sharingLevelMeaning(level)}`}>
      {sharingLevelLabel(level)}
    </span>
  );
}
