import { signInWithEmailAndPassword, type Auth } from 'firebase/auth';
import { useState } from 'preact/hooks';
import { apiRequest } from '../api';
import { errorShape } from '../error-shape';
import { ErrorState, FieldError } from '../errors';

const FIELDS = ['full_name', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/**
 * Seed 003's registration (`POST /api/v1/auth/register`): the API creates the account (learner
 * role, profile, welcome mail) and the page then signs in through the Firebase SDK, which keeps
 * the session and refreshes its tokens. A 400 puts each message next to its field.
 */
export function RegisterForm(props: { auth: Auth }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<Field, string>>({
    full_name: '',
    email: '',
    password: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shape = error ? errorShape(error) : null;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apiRequest(null, 'POST', '/api/v1/auth/register', {
        ...values,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      await signInWithEmailAndPassword(props.auth, values.email, values.password);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const invalid = (field: Field) => shape?.fields.some((d) => d.path === field) ?? false;
  const common = (field: Field) => ({
    id: `register-${field}`,
    required: true,
    value: values[field],
    'aria-invalid': invalid(field),
    'aria-describedby': invalid(field) ? `register-${field}-error` : undefined,
    onInput: (e: Event) =>
      setValues({ ...values, [field]: (e.currentTarget as HTMLInputElement).value }),
  });
  const fieldError = (field: Field) => (
    <FieldError shape={shape} field={field} id={`register-${field}-error`} />
  );

  if (!open)
    return (
      <p>
        New here?{' '}
        <button type="button" class="link" onClick={() => setOpen(true)}>
          Create an account
        </button>
      </p>
    );
  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="register-title" noValidate>
      <h2 id="register-title">Create an account</h2>
      <label for="register-full_name">Full name</label>
      <input type="text" autocomplete="name" {...common('full_name')} />
      {fieldError('full_name')}
      <label for="register-email">Your email</label>
      <input type="email" autocomplete="email" {...common('email')} />
      {fieldError('email')}
      <label for="register-password">Choose a password</label>
      <input type="password" autocomplete="new-password" {...common('password')} />
      {fieldError('password')}
      <ErrorState error={error} placed={FIELDS} />
      <button type="submit" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}
