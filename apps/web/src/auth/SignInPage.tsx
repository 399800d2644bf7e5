import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from '../ui/Button';
import { Page } from '../ui/Page';
import { attempt, placeErrors } from '../ui/errors';
import { Field, FormAlert } from '../ui/Field';
import { graphql } from '../gql';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
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
      // the API set the session cookie; the token is not asked for, so the page never holds it.
      // Whatever an earlier session left in the cache is not this person's to see
      await client.clearStore();
      navigate('/');
    }
  }

  return (
    <Page title="Sign in to Countermark" width="narrow">
      <form onSubmit={submit} aria-label="Sign in">
        <Field label="E-mail" name="email" errors={errors}>
          <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <Field label="Password" name="password" errors={errors}>
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </Field>
        <FormAlert message={errors.form} />
        <Button type="submit" busy={loading} busyLabel="Signing in…">Sign in</Button>
      </form>
    </Page>
  );
}
