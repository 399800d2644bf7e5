import { Link, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { SignInPage } from './auth/SignInPage';
import { session } from './auth/session';
import { apolloClient } from './common/apollo';
import { HomePage } from './home/HomePage';

function RequireSession({ children }: { children: React.ReactNode }) {
  return session.token() ? <>{children}</> : <Navigate to="/sign-in" replace />;
}

function Shell({ children }: { children: React.ReactNode }) {
  const navigate = useNavigate();
  const signOut = async () => {
    session.clear();
    await apolloClient.clearStore();
    navigate('/sign-in');
  };
  return (
    <>
      <nav className="top">
        <Link to="/" className="brand">Countermark</Link>
        <button type="button" className="link" onClick={signOut}>Sign out</button>
      </nav>
      {children}
    </>
  );
}

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={<RequireSession><Shell><HomePage /></Shell></RequireSession>} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
