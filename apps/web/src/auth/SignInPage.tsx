import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';
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
  const client = useApolloClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, error }] = useMutation(LoginMutation);
  const errors = placeErrors(error, ['email', 'password']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const data = await attempt(login({ variables: { input: { email, password } } }));
    if (data) {
      session.save({ token: data.login.token, expiresAt: data.login.expiresAt });
      // whatever an earlier session left in the cache is not this person's to see
      await client.clearStore();
      navigate('/');
    }
  }

  return (
    <main className="narrow">
      <h1>Sign in to Countermark</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="E-mail" error={errors.byField.email}>
          <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label="Password" error={errors.byField.password}>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <FormAlert message={errors.form} />
        <button type="submit" disabled={loading}>{loading ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
