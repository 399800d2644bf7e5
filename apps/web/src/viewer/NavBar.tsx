import { NavLink, useNavigate } from 'react-router-dom';
import { session } from '../auth/session';
import { apolloClient } from '../common/apollo';
import { useOwnApplication } from '../onboarding/useOwnApplication';
import { useViewer } from './useViewer';

/** The top bar: links by role, who is signed in, and sign out. */
export function NavBar() {
  const navigate = useNavigate();
  const { viewer } = useViewer();
  const role = viewer?.role;
  const { application } = useOwnApplication(role === 'MEMBER_ADMIN');

  const signOut = async () => {
    session.clear();
    await apolloClient.clearStore();
    navigate('/sign-in');
  };

  return (
    <nav className="top" aria-label="Main">
      <NavLink to="/" className="brand" end>Countermark</NavLink>
      <NavLink to="/" end>Home</NavLink>
      <NavLink to="/members">Directory</NavLink>
      {role === 'COORDINATOR' && (
        <>
          <NavLink to="/applications">Applications</NavLink>
          <NavLink to="/invite">Invite</NavLink>
          <NavLink to="/categories">Categories</NavLink>
          <NavLink to="/partners">Partners</NavLink>
          <NavLink to="/audit">Audit log</NavLink>
          <NavLink to="/settings">Settings</NavLink>
        </>
      )}
      {role === 'MEMBER_ADMIN' && application && <NavLink to="/my-application">My application</NavLink>}
      <span className="spacer" />
      {viewer?.user && <span className="who">{viewer.user.displayName} · {role}</span>}
      <button type="button" className="link" onClick={signOut}>Sign out</button>
    </nav>
  );
}
