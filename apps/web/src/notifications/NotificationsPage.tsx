import type { NotificationItemFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { NotificationItem } from './NotificationItem';
import { useNotifications } from './useNotifications';

/** /notifications — every notification, newest first, with "Mark all read" and "Load more". */
export function NotificationsPage() {
  const { page, loading, error, fetchMore, markRead, marking } = useNotifications();
  const opened = (n: NotificationItemFragment) => {
    if (!n.readAt) void markRead([n.id]);
  };
  return (
    <Page title="Notifications" actions={
      <Button variant="secondary" disabled={marking || !page?.unreadCount} onClick={() => markRead()}>Mark all read</Button>
    }>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {!page && loading && <p>Loading…</p>}
      {page && (
        <>
          <p className="count" aria-live="polite">
            {page.totalCount === 1 ? '1 notification' : `${page.totalCount} notifications`}, {page.unreadCount} unread
          </p>
          {page.edges.length === 0 ? <p>No notification yet.</p> : (
            <ul className="plain notifications panel" aria-label="Notifications">
              {page.edges.map(({ node }) => <NotificationItem key={node.id} n={node} onOpen={opened} />)}
            </ul>
          )}
          {page.pageInfo.hasNextPage && (
            <p>
              <Button variant="secondary" busy={loading} busyLabel="Loading…" onClick={() => fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
                Load more
              </Button>
            </p>
          )}
        </>
      )}
    </Page>
  );
}
