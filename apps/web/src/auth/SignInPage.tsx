import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { graphql } from '../gql';
import { fieldErrors } from '../common/errors';
import { session } from './session';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      user { id displayName role }
    }
  }
`);

export function SignInPage() {
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useMutation(LoginMutation);
  const errors = fieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { data } = await login({ variables: { input: { email, password } } }).catch(() => ({ data: undefined }));
    if (data) {
      session.save({ token: data.login.token, expiresAt: data.login.expiresAt });
      navigate('/');
    }
  }

  return (
    <main className="narrow">
      <h1>Sign in to Countermark</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          E-mail
          <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          {errors.email && <span className="field-error">{errors.email}</span>}
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          {errors.password && <span className="field-error">{errors.password}</span>}
        </label>
        {errors._form && <p role="alert" className="form-error">{errors._form}</p>}
        <button type="submit" disabled={loading}>{loading ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
