import { NavLink, useNavigate } from 'react-router-dom';
import { apolloClient } from '../common/apollo';
import { graphql } from '../gql';
import { useIntelAccess } from '../intel/useIntelAccess';
import { NotificationBell } from '../notifications/NotificationBell';
import { useOwnApplication } from '../onboarding/useOwnApplication';
import { Button } from '../ui/Button';
import { useViewer } from './useViewer';

const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

/** The top bar: links by role, who is signed in, and sign out. */
export function NavBar() {
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const role = viewer?.role;
  const { application } = useOwnApplication(role === 'MEMBER_ADMIN');
  const intel = useIntelAccess();
  const member = role === 'MEMBER_ADMIN' || role === 'MEMBER_ANALYST';
  // decides takedowns: a marketplace's reviewers, and coordinators for marketplaces without any
  const reviewer = role === 'PLATFORM_REVIEWER' || role === 'COORDINATOR';

  // the API ends the session (its token stops working on every replica) and clears the cookie; a
  // session that had ended already gets its cookie cleared by the refusal. The page forgets what it
  // showed whatever the answer.
  const signOut = async () => {
    await apolloClient.mutate({ mutation: SignOutMutation }).catch(() => undefined);
    await apolloClient.clearStore();
    navigate('/sign-in');
  };

  return (
    <nav className="top" aria-label="Main">
      <NavLink to="/" className="brand" end>Countermark</NavLink>
      <div className="nav-links">
        <NavLink to="/" end>Home</NavLink>
        <NavLink to="/members">Directory</NavLink>
        {intel.canRead && (
          <>
            <NavLink to="/intel" end>Intelligence</NavLink>
            <NavLink to="/intel/search">Search</NavLink>
          </>
        )}
        {intel.activeMember && <NavLink to="/intel/watchlist">Watchlist</NavLink>}
        {/* the alerts inbox, which links to the rules: both under /monitoring */}
        {intel.activeMember && <NavLink to="/monitoring">Monitoring</NavLink>}
        {(member || reviewer) && <NavLink to="/takedown" end>Takedowns</NavLink>}
        {reviewer && <NavLink to="/takedown/queue">Review queue</NavLink>}
        {(member || role === 'COORDINATOR' || role === 'PARTNER') && <NavLink to="/cases">Cases</NavLink>}
        {(intel.activeMember || role === 'COORDINATOR') && <NavLink to="/impact">Impact</NavLink>}
        {role === 'COORDINATOR' && (
          <>
            <NavLink to="/applications">Applications</NavLink>
            <NavLink to="/invite">Invite</NavLink>
            <NavLink to="/categories">Categories</NavLink>
            <NavLink to="/partners">Partners</NavLink>
            <NavLink to="/takedown/marketplaces">Marketplaces</NavLink>
            <NavLink to="/intel/correlation">Correlation</NavLink>
            <NavLink to="/audit">Audit log</NavLink>
            <NavLink to="/jobs">Jobs</NavLink>
            <NavLink to="/settings">Settings</NavLink>
          </>
        )}
        {role === 'MEMBER_ADMIN' && application && <NavLink to="/my-application">My application</NavLink>}
      </div>
      <div className="nav-end">
        {viewer && <NotificationBell />}
        {viewer?.user && (
          <span className="who" title={`${viewer.user.displayName} · ${role}`}>
            <span className="who-name">{viewer.user.displayName}</span> <span className="who-role">{role}</span>
          </span>
        )}
        <Button variant="link" onClick={signOut}>Sign out</Button>
      </div>
    </nav>
  );
}
