import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { NotificationItemFragment } from '../gql/graphql';
import { Button } from '../ui/Button';
import { NotificationItem } from './NotificationItem';
import { useLiveNotifications, useNotifications } from './useNotifications';

const SHOWN = 6;

/** The bell in the navigation bar: the unread count, kept live, and the latest notifications in a dropdown. */
export function NotificationBell() {
  useLiveNotifications();
  const { page, markRead, marking } = useNotifications();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const ref = useRef<HTMLDivElement>(null);
  const unread = page?.unreadCount ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const opened = (n: NotificationItemFragment) => {
    setOpen(false);
    if (!n.readAt) void markRead([n.id]);
  };

  return (
    <div className="bell" ref={ref}>
      <Button className="bell-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <svg className="bell-icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" fill="currentColor" />
        </svg>
        Notifications{' '}
        <span className={unread ? 'unread-count' : 'unread-count none'}>{unread}</span>
        <span className="sr-only"> unread</span>
      </Button>
      {open && (
        <div id={panelId} className="bell-panel" role="region" aria-label="Latest notifications">
          <div className="bell-head">
            <strong>{unread === 1 ? '1 unread' : `${unread} unread`}</strong>
            <Button variant="secondary" small disabled={marking || unread === 0} onClick={() => markRead()}>Mark all read</Button>
          </div>
          {!page?.edges.length ? <p className="hint">No notification yet.</p> : (
            <ul className="plain notifications">
              {page.edges.slice(0, SHOWN).map(({ node }) => <NotificationItem key={node.id} n={node} onOpen={opened} />)}
            </ul>
          )}
          <Link to="/notifications" className="all" onClick={() => setOpen(false)}>All notifications</Link>
        </div>
      )}
    </div>
  );
}
