import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { CSRF_HEADERS } from '../auth/session';

// Subscriptions (notifications) over graphql-ws on the same path, signed in by the session cookie
// (the API checks the socket's origin); the socket opens with the first subscription and closes
// with the last (lazy), so a sign-out or a new sign-in never reuses a session.
const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
const realtime = new GraphQLWsLink(createClient({ url: wsUrl, lazy: true }));

// the session cookie goes with every same-origin request; the header lets the API accept it
const http = new HttpLink({ uri: '/graphql', headers: CSRF_HEADERS });

export const apolloClient = new ApolloClient({
  link: ApolloLink.split((op) => op.operationType === OperationTypeNode.SUBSCRIPTION, realtime, http),
  cache: new InMemoryCache({
    typePolicies: {
      // one cached list per filter; "Load more" appends the next page to it
      Query: {
        fields: {
          members: relayStylePagination(['filter']),
          auditEvents: relayStylePagination(['filter']),
          intelReports: relayStylePagination(['filter']),
          searchIntel: relayStylePagination(['query', 'filter']),
          notifications: relayStylePagination(['unreadOnly']),
          overCorrelatingKeys: relayStylePagination(),
          correlationExclusions: relayStylePagination(),
          partners: relayStylePagination(),
          importJobs: relayStylePagination(),
          takedownRequests: relayStylePagination(['status', 'marketplaceId']),
          takedownQueue: relayStylePagination(['marketplaceId']),
          alerts: relayStylePagination(['brandId', 'status', 'minScore']),
        },
      },
      // a case's chain of custody: "Load more" appends the next entries; only those of some kinds (the timeline's exports) are a list of their own
      EnforcementCase: { fields: { custodyLog: relayStylePagination(['kinds']) } },
      // the viewer has no id: queries that ask for different parts of it add to one object
      Viewer: { merge: true },
      // one standing per organisation: a trust decision or privacy change updates the list
      ComplainantStanding: { keyFields: ['organisationId'] },
      // a bulk upload's row results, one list per filter; "Load more" asks after the last line
      TakedownBulkImport: {
        fields: {
          rows: {
            keyArgs: ['status'],
            merge: (existing: unknown[] = [], incoming: unknown[], { args }) => (args?.afterLine ? [...existing, ...incoming] : incoming),
          },
        },
      },
    },
  }),
});
