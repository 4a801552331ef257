import { signInWithEmailAndPassword, type Auth } from 'firebase/auth';
import { useState } from 'preact/hooks';
import { Page } from '../ui';
import { RegisterForm } from './register';

function signInMessage(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (
    code === 'auth/invalid-credential' ||
    code === 'auth/wrong-password' ||
    code === 'auth/user-not-found'
  )
    return 'That email and password do not match an account.';
  if (code === 'auth/too-many-requests') return 'Too many attempts: wait a minute and try again.';
  return error instanceof Error ? error.message : String(error);
}

export function SignInPage(props: { auth: Auth }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInWithEmailAndPassword(props.auth, email, password);
    } catch (e) {
      setError(signInMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Sign in to Pathwise">
      <form class="card narrow" onSubmit={submit}>
        <label for="email">Email</label>
        <input
          id="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <label for="password">Password</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <RegisterForm auth={props.auth} />
    </Page>
  );
}
