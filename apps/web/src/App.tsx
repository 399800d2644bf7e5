import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AllianceSettingsPage } from './alliance/AllianceSettingsPage';
import { ApplicationsPage } from './applications/ApplicationsPage';
import { AuditLogPage } from './audit/AuditLogPage';
import { JobsPage } from './jobs/JobsPage';
import { SignInPage } from './auth/SignInPage';
import { CategoriesPage } from './categories/CategoriesPage';
import type { Role } from './gql/graphql';
import { HomePage } from './home/HomePage';
import { useIntelAccess } from './intel/useIntelAccess';
import { InvitationPage } from './invitations/InvitationPage';
import { InvitePage } from './invitations/InvitePage';
import { DirectoryPage } from './members/DirectoryPage';
import { MemberPage } from './members/MemberPage';
import { NotificationsPage } from './notifications/NotificationsPage';
import { MyApplicationPage } from './onboarding/MyApplicationPage';
import { PartnersPage } from './partners/PartnersPage';
import { NavBar } from './viewer/NavBar';
import { apiErrors } from './ui/errors';
import { useViewer } from './viewer/useViewer';

/** A page loaded when first opened: the intelligence pages carry the indicator library (phone metadata, the public suffix list). */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const IntelFeedPage = page(() => import('./intel/IntelFeedPage'), 'IntelFeedPage');
const ReportEditorPage = page(() => import('./intel/ReportEditorPage'), 'ReportEditorPage');
const ReportPage = page(() => import('./intel/ReportPage'), 'ReportPage');
const NetworkPage = page(() => import('./intel/NetworkPage'), 'NetworkPage');
const SearchPage = page(() => import('./intel/SearchPage'), 'SearchPage');
const WatchlistPage = page(() => import('./intel/WatchlistPage'), 'WatchlistPage');
const ContactRequestsPage = page(() => import('./intel/ContactRequestsPage'), 'ContactRequestsPage');
const ImportPage = page(() => import('./intel/ImportPage'), 'ImportPage');
const CorrelationPage = page(() => import('./intel/CorrelationPage'), 'CorrelationPage');
const TakedownRequestsPage = page(() => import('./takedown/TakedownRequestsPage'), 'TakedownRequestsPage');
const TakedownQueuePage = page(() => import('./takedown/TakedownQueuePage'), 'TakedownQueuePage');
const TakedownRequestPage = page(() => import('./takedown/TakedownRequestPage'), 'TakedownRequestPage');
const FileTakedownPage = page(() => import('./takedown/FileTakedownPage'), 'FileTakedownPage');
const MarketplacesPage = page(() => import('./takedown/MarketplacesPage'), 'MarketplacesPage');
const TakedownFiguresPage = page(() => import('./takedown/TakedownFiguresPage'), 'TakedownFiguresPage');
const ComplainantsPage = page(() => import('./takedown/ComplainantsPage'), 'ComplainantsPage');
const BulkFilingPage = page(() => import('./takedown/BulkFilingPage'), 'BulkFilingPage');
const FormFilingPage = page(() => import('./takedown/FormFilingPage'), 'FormFilingPage');
const CounterNoticePage = page(() => import('./takedown/CounterNoticePage'), 'CounterNoticePage');
const EnforcementCasesPage = page(() => import('./enforcement/EnforcementCasesPage'), 'EnforcementCasesPage');
const EnforcementCasePage = page(() => import('./enforcement/EnforcementCasePage'), 'EnforcementCasePage');
const OpenCasePage = page(() => import('./enforcement/OpenCasePage'), 'OpenCasePage');
const AlertsPage = page(() => import('./monitoring/AlertsPage'), 'AlertsPage');
const MonitoringRulesPage = page(() => import('./monitoring/MonitoringRulesPage'), 'MonitoringRulesPage');
const VerifyEvidencePackPage = page(() => import('./evidence/VerifyEvidencePackPage'), 'VerifyEvidencePackPage');
const ImpactDashboardPage = page(() => import('./impact/ImpactDashboardPage'), 'ImpactDashboardPage');

/** Takedowns: members file and follow theirs, reviewers and coordinators decide (the API says who sees which). */
const TAKEDOWN_ROLES: Role[] = ['MEMBER_ADMIN', 'MEMBER_ANALYST', 'PLATFORM_REVIEWER', 'COORDINATOR'];
/** Enforcement cases: coordinators, members (the cases they lead or take part in) and partners (those referred to them). */
const CASE_ROLES: Role[] = ['MEMBER_ADMIN', 'MEMBER_ANALYST', 'COORDINATOR', 'PARTNER'];
/** Monitoring's alerts and rules: the people of the member owning the brand (coordinators get counts only, on the impact pages). */
const MONITORING_ROLES: Role[] = ['MEMBER_ADMIN', 'MEMBER_ANALYST'];

/**
 * Signed in is what the API says: the session cookie is out of the page's reach, so `viewer` answers
 * who it belongs to (UNAUTHENTICATED without one, or once it ended). Other failures (the API down)
 * are shown rather than taken for a sign-out.
 */
function RequireSession({ children }: { children: React.ReactNode }) {
  const { viewer, loading, error } = useViewer();
  if (viewer) return <>{children}</>;
  if (loading) return <main><p>Loading…</p></main>;
  const problems = apiErrors(error);
  if (problems.length > 0 && !problems.some((e) => e.code === 'UNAUTHENTICATED')) {
    return <main><p role="alert">{problems.map((e) => e.message).join(' ')}</p></main>;
  }
  return <Navigate to="/sign-in" replace />;
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

/**
 * Intelligence pages: for people of an active member and coordinators, and partners with
 * `intel:read` where reading is enough; `member` pages (reporting, watching) for active members only.
 */
function RequireIntel({ member = false, contacts = false, children }: { member?: boolean; contacts?: boolean; children: React.ReactNode }) {
  const access = useIntelAccess();
  if (!access.ready && !access.error) return <main><p>Loading…</p></main>;
  const allowed = contacts ? access.activeMember || access.coordinator : member ? access.activeMember : access.canRead;
  if (!allowed) {
    return <main><p role="alert">{member ? 'This page is for people of an active member organisation.' : 'Intelligence is for active members, the coordinators and partners allowed to read it.'}</p></main>;
  }
  return <Suspense fallback={<main><p>Loading…</p></main>}>{children}</Suspense>;
}

/** A lazily loaded page for some roles only. */
function LazyForRoles({ roles, children }: { roles: Role[]; children: React.ReactNode }) {
  return <RequireRole roles={roles}><Suspense fallback={<main><p>Loading…</p></main>}>{children}</Suspense></RequireRole>;
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
      {/* the removal notice's link: the seller has no account */}
      <Route path="/counter-notice/:requestId" element={<Suspense fallback={<main><p>Loading…</p></main>}><CounterNoticePage /></Suspense>} />
      {/* whoever holds an evidence pack may check it: a court, the police, without an account */}
      <Route path="/verify-evidence-pack" element={<Suspense fallback={<main><p>Loading…</p></main>}><VerifyEvidencePackPage /></Suspense>} />
      <Route path="/" element={<Shell><HomePage /></Shell>} />
      <Route path="/members" element={<Shell><DirectoryPage /></Shell>} />
      <Route path="/members/:membershipId" element={<Shell><MemberPage /></Shell>} />
      <Route path="/applications" element={<Shell><RequireRole roles={['COORDINATOR']}><ApplicationsPage /></RequireRole></Shell>} />
      <Route path="/invite" element={<Shell><RequireRole roles={['COORDINATOR']}><InvitePage /></RequireRole></Shell>} />
      <Route path="/categories" element={<Shell><RequireRole roles={['COORDINATOR']}><CategoriesPage /></RequireRole></Shell>} />
      <Route path="/partners" element={<Shell><RequireRole roles={['COORDINATOR']}><PartnersPage /></RequireRole></Shell>} />
      <Route path="/jobs" element={<Shell><RequireRole roles={['COORDINATOR']}><JobsPage /></RequireRole></Shell>} />
      <Route path="/audit" element={<Shell><RequireRole roles={['COORDINATOR']}><AuditLogPage /></RequireRole></Shell>} />
      <Route path="/settings" element={<Shell><RequireRole roles={['COORDINATOR']}><AllianceSettingsPage /></RequireRole></Shell>} />
      <Route path="/my-application" element={<Shell><RequireRole roles={['MEMBER_ADMIN']}><MyApplicationPage /></RequireRole></Shell>} />
      <Route path="/intel" element={<Shell><RequireIntel><IntelFeedPage /></RequireIntel></Shell>} />
      <Route path="/intel/new" element={<Shell><RequireIntel member><ReportEditorPage /></RequireIntel></Shell>} />
      <Route path="/intel/search" element={<Shell><RequireIntel><SearchPage /></RequireIntel></Shell>} />
      <Route path="/intel/watchlist" element={<Shell><RequireIntel member><WatchlistPage /></RequireIntel></Shell>} />
      <Route path="/intel/contacts" element={<Shell><RequireIntel contacts><ContactRequestsPage /></RequireIntel></Shell>} />
      <Route path="/intel/import" element={<Shell><RequireIntel member><ImportPage /></RequireIntel></Shell>} />
      <Route path="/intel/correlation" element={<Shell><RequireRole roles={['COORDINATOR']}><Suspense fallback={<main><p>Loading…</p></main>}><CorrelationPage /></Suspense></RequireRole></Shell>} />
      <Route path="/intel/networks/:networkId" element={<Shell><RequireIntel><NetworkPage /></RequireIntel></Shell>} />
      <Route path="/intel/:reportId" element={<Shell><RequireIntel><ReportPage /></RequireIntel></Shell>} />
      <Route path="/intel/:reportId/edit" element={<Shell><RequireIntel member><ReportEditorPage /></RequireIntel></Shell>} />
      <Route path="/takedown" element={<Shell><LazyForRoles roles={TAKEDOWN_ROLES}><TakedownRequestsPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/new" element={<Shell><LazyForRoles roles={['MEMBER_ADMIN', 'MEMBER_ANALYST']}><FileTakedownPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/bulk" element={<Shell><LazyForRoles roles={['MEMBER_ADMIN', 'MEMBER_ANALYST']}><BulkFilingPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/form" element={<Shell><LazyForRoles roles={['MEMBER_ADMIN', 'MEMBER_ANALYST']}><FormFilingPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/queue" element={<Shell><LazyForRoles roles={['PLATFORM_REVIEWER', 'COORDINATOR']}><TakedownQueuePage /></LazyForRoles></Shell>} />
      <Route path="/takedown/figures" element={<Shell><LazyForRoles roles={TAKEDOWN_ROLES}><TakedownFiguresPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/complainants" element={<Shell><LazyForRoles roles={['COORDINATOR', 'MEMBER_ADMIN', 'MEMBER_ANALYST']}><ComplainantsPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/marketplaces" element={<Shell><LazyForRoles roles={['COORDINATOR']}><MarketplacesPage /></LazyForRoles></Shell>} />
      <Route path="/takedown/:requestId" element={<Shell><LazyForRoles roles={TAKEDOWN_ROLES}><TakedownRequestPage /></LazyForRoles></Shell>} />
      <Route path="/cases" element={<Shell><LazyForRoles roles={CASE_ROLES}><EnforcementCasesPage /></LazyForRoles></Shell>} />
      <Route path="/cases/new" element={<Shell><LazyForRoles roles={['MEMBER_ADMIN', 'MEMBER_ANALYST', 'COORDINATOR']}><OpenCasePage /></LazyForRoles></Shell>} />
      <Route path="/cases/:caseId" element={<Shell><LazyForRoles roles={CASE_ROLES}><EnforcementCasePage /></LazyForRoles></Shell>} />
      <Route path="/monitoring" element={<Navigate to="/monitoring/alerts" replace />} />
      <Route path="/monitoring/alerts" element={<Shell><LazyForRoles roles={MONITORING_ROLES}><AlertsPage /></LazyForRoles></Shell>} />
      <Route path="/monitoring/rules" element={<Shell><LazyForRoles roles={MONITORING_ROLES}><MonitoringRulesPage /></LazyForRoles></Shell>} />
      {/* the impact report: coordinators and the people of active members (the API refuses a former member's) */}
      <Route path="/impact" element={<Shell><LazyForRoles roles={['COORDINATOR', 'MEMBER_ADMIN', 'MEMBER_ANALYST']}><ImpactDashboardPage /></LazyForRoles></Shell>} />
      <Route path="/notifications" element={<Shell><NotificationsPage /></Shell>} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
