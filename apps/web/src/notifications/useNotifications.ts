import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';

export const PAGE_SIZE = 20;

graphql(`
  fragment NotificationItem on Notification {
    id kind title body targetId createdAt readAt
  }
`);

const NotificationsQuery = graphql(`
  query Notifications($first: Int, $after: String) {
    notifications(first: $first, after: $after) {
      totalCount unreadCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...NotificationItem } }
    }
  }
`);

const NotificationAdded = graphql(`
  subscription NotificationAdded {
    notificationAdded { ...NotificationItem }
  }
`);

const MarkNotificationsRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

/** The signed-in person's notifications (newest first) and how many are unread. */
export function useNotifications() {
  const query = useQuery(NotificationsQuery, { variables: { first: PAGE_SIZE }, fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true });
  const [mark, marking] = useMutation(MarkNotificationsRead, { refetchQueries: ['Notifications'], awaitRefetchQueries: true });
  return {
    ...query,
    page: query.data?.notifications,
    marking: marking.loading,
    /** every notification when no ids are given */
    markRead: (ids?: string[]) => mark({ variables: { ids } }).catch(() => undefined),
  };
}

/**
 * Live notifications over graphql-ws: each one pushed refreshes the list and the unread count, so
 * the bell moves without a reload. Mounted once, in the navigation bar.
 */
export function useLiveNotifications() {
  useSubscription(NotificationAdded, {
    onData: ({ client }) => {
      void client.refetchQueries({ include: ['Notifications'] });
    },
  });
}
