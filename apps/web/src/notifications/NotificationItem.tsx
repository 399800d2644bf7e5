import { Link } from 'react-router-dom';
import { formatDateTime } from '../common/format';
import type { NotificationItemFragment } from '../gql/graphql';
import { notificationPath } from './notificationTarget';

/** One notification: its title (linking to what it is about), body and time; unread ones stand out. */
export function NotificationItem({ n, onOpen }: { n: NotificationItemFragment; onOpen: (n: NotificationItemFragment) => void }) {
  const path = notificationPath(n.kind, n.targetId);
  return (
    <li className={n.readAt ? 'notification' : 'notification unread'}>
      <div className="notification-title">
        {!n.readAt && <span className="dot" aria-hidden="true" />}
        {path ? <Link to={path} onClick={() => onOpen(n)}>{n.title}</Link> : <span>{n.title}</span>}
        {!n.readAt && <span className="sr-only"> (unread)</span>}
      </div>
      {n.body && <div className="notification-body">{n.body}</div>}
      <div className="hint">{formatDateTime(n.createdAt)}</div>
    </li>
  );
}
