import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { session } from '../auth/session';

const auth = new SetContextLink((prev) => {
  const token = session.token();
  return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
});

// Subscriptions (notifications) over graphql-ws on the same path; the socket opens with the first
// subscription and closes with the last (lazy), so a sign-out or a new sign-in never reuses a token.
const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`;
const realtime = new GraphQLWsLink(createClient({
  url: wsUrl,
  lazy: true,
  connectionParams: () => {
    const token = session.token();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
}));

const http = ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]);

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
        },
      },
      // the viewer has no id: queries that ask for different parts of it add to one object
      Viewer: { merge: true },
    },
  }),
});
