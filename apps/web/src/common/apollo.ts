import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { relayStylePagination } from '@apollo/client/utilities';
import { session } from '../auth/session';

const auth = new SetContextLink((prev) => {
  const token = session.token();
  return token ? { headers: { ...prev.headers, authorization: `Bearer ${token}` } } : {};
});

export const apolloClient = new ApolloClient({
  link: ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]),
  cache: new InMemoryCache({
    typePolicies: {
      // one cached list per filter; "Load more" appends the next page to it
      Query: { fields: { members: relayStylePagination(['filter']), auditEvents: relayStylePagination(['filter']) } },
    },
  }),
});
