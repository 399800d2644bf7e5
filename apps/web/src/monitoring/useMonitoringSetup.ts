import { useQuery } from '@apollo/client/react';
import { useCallback, useMemo } from 'react';
import { graphql } from '../gql';

const MonitoringSetupQuery = graphql(`
  query MonitoringSetup {
    viewer {
      role
      organisation {
        id name
        brands {
          id name
          trademarks { id office registrationNumber verificationStatus expiresOn }
          ipRights { id kind office number title verificationStatus expiresOn }
        }
      }
    }
    marketplaces(includeRetired: true) { id name }
  }
`);

/**
 * What both monitoring screens need around the alerts and rules: the organisation's brands (with
 * the rights a takedown may cite) and the marketplaces' names, which alerts and previews give by id.
 */
export function useMonitoringSetup() {
  const { data, loading, error } = useQuery(MonitoringSetupQuery, { fetchPolicy: 'cache-and-network' });
  const brands = useMemo(() => data?.viewer.organisation?.brands ?? [], [data]);
  const marketplaces = useMemo(() => new Map((data?.marketplaces ?? []).map((m) => [m.id, m.name])), [data]);
  const marketplaceName = useCallback((id: string) => marketplaces.get(id) ?? 'Unknown marketplace', [marketplaces]);
  const brandName = useCallback((id: string) => brands.find((b) => b.id === id)?.name ?? 'Brand', [brands]);
  return { ready: Boolean(data), loading, error, role: data?.viewer.role, brands, marketplaceName, brandName };
}
