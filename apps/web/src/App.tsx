import { Navigate, Route, Routes } from 'react-router-dom';
import { AllianceSettingsPage } from './alliance/AllianceSettingsPage';
import { ApplicationsPage } from './applications/ApplicationsPage';
import { AuditLogPage } from './audit/AuditLogPage';
import { SignInPage } from './auth/SignInPage';
import { session } from './auth/session';
import { CategoriesPage } from './categories/CategoriesPage';
import type { Role } from './gql/graphql';
import { HomePage } from './home/HomePage';
import { InvitationPage } from './invitations/InvitationPage';
import { InvitePage } from './invitations/InvitePage';
import { DirectoryPage } from './members/DirectoryPage';
import { MemberPage } from './members/MemberPage';
import { MyApplicationPage } from './onboarding/MyApplicationPage';
import { PartnersPage } from './partners/PartnersPage';
import { NavBar } from './viewer/NavBar';
import { useViewer } from './viewer/useViewer';

function RequireSession({ children }: { children: React.ReactNode }) {
  return session.token() ? <>{children}</> : <Navigate to="/sign-in" replace />;
}

/** Pages for some roles only; the API refuses the rest anyway, this only says so sooner. */
function RequireRole({ roles, children }: { roles: Role[]; children: React.ReactNode }) {
  const { viewer, loading } = useViewer();
  if (loading) return <main><p>Loading…</p></main>;
  if (!viewer || !roles.includes(viewer.role)) {
    return <main><p role="alert">This page is for {roles.join(' and ').toLowerCase().replace(/_/g, ' ')}s only.</p></main>;
  }
  return <>{children}</>;
}

function Shell({ children }: { children: React.ReactNode }) {
  return (
    <RequireSession>
      <NavBar />
      {children}
    </RequireSession>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/invitation/:token" element={<InvitationPage />} />
      <Route path="/" element={<Shell><HomePage /></Shell>} />
      <Route path="/members" element={<Shell><DirectoryPage /></Shell>} />
      <Route path="/members/:membershipId" element={<Shell><MemberPage /></Shell>} />
      <Route path="/applications" element={<Shell><RequireRole roles={['COORDINATOR']}><ApplicationsPage /></RequireRole></Shell>} />
      <Route path="/invite" element={<Shell><RequireRole roles={['COORDINATOR']}><InvitePage /></RequireRole></Shell>} />
      <Route path="/categories" element={<Shell><RequireRole roles={['COORDINATOR']}><CategoriesPage /></RequireRole></Shell>} />
      <Route path="/partners" element={<Shell><RequireRole roles={['COORDINATOR']}><PartnersPage /></RequireRole></Shell>} />
      <Route path="/audit" element={<Shell><RequireRole roles={['COORDINATOR']}><AuditLogPage /></RequireRole></Shell>} />
      <Route path="/settings" element={<Shell><RequireRole roles={['COORDINATOR']}><AllianceSettingsPage /></RequireRole></Shell>} />
      <Route path="/my-application" element={<Shell><RequireRole roles={['MEMBER_ADMIN']}><MyApplicationPage /></RequireRole></Shell>} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
