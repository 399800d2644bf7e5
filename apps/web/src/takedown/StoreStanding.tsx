import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import type { StrikeLevel } from '../gql/graphql';
import { STRIKE_LABELS } from './labels';

export interface Standing {
  level: StrikeLevel;
  strikes: number;
  relatedStrikes: number;
  oldestExpiresAt?: string | null;
  relatedStores: readonly { networkId: string; storeKey: string; strikes: number }[];
}

const strikes = (n: number) => (n === 1 ? '1 strike' : `${n} strikes`);

/**
 * A store's place on the alliance's strike ladder: its level and strikes, and of those the ones
 * that came from stores sharing an intelligence network with it — each such store the caller may
 * see named with a link to the network, the others only counted (as the API gives them).
 */
export function StoreStanding({ standing }: { standing: Standing }) {
  if (standing.level === 'NONE') return null;
  const own = standing.strikes - standing.relatedStrikes;
  const named = standing.relatedStores.reduce((sum, s) => sum + s.strikes, 0);
  const title = `Upheld removals within the ladder’s window; the oldest leaves it ${formatDateTime(standing.oldestExpiresAt)}`;
  return (
    <span className="store-standing">
      <span className={`badge strike-${standing.level.toLowerCase()}`} title={title}>
        {STRIKE_LABELS[standing.level]}: {strikes(standing.strikes)}
      </span>
      {standing.relatedStrikes > 0 && (
        <span className="related-strikes">
          {' '}({strikes(own)} of its own, {strikes(standing.relatedStrikes)} through related stores
          {standing.relatedStores.length > 0 && (
            <>
              :{' '}
              {standing.relatedStores.map((s, i) => (
                <span key={`${s.networkId}-${s.storeKey}`}>
                  {i > 0 && ', '}
                  <code>{s.storeKey}</code> ({strikes(s.strikes)}, <Link to={`/intel/networks/${s.networkId}`}>shared network</Link>)
                </span>
              ))}
              {standing.relatedStrikes > named && `; ${strikes(standing.relatedStrikes - named)} on stores in networks you cannot see`}
            </>
          )}
          )
        </span>
      )}
    </span>
  );
}
