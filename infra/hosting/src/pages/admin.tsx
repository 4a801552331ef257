import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { href } from '../router';
import { ErrorNotice, Page } from '../ui';

function RoleForm() {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('instructor');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setNote('');
    try {
      const answer = await session.call<{
        email: string | null;
        role: string;
        previous_role: string;
      }>('setUserRole', {
        email,
        role,
      });
      setNote(`${answer.email ?? email} is now ${answer.role} (was ${answer.previous_role}).`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="roles-title">
      <h2 id="roles-title">Users and roles</h2>
      <label for="role-email">User's email</label>
      <input
        id="role-email"
        type="email"
        required
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for="role-role">Role</label>
      <select id="role-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
        <option value="learner">learner</option>
        <option value="instructor">instructor</option>
        <option value="admin">admin</option>
      </select>
      <button type="submit">Set role</button>
      <p role="status">{note}</p>
      <ErrorNotice error={error} />
    </form>
  );
}

function RevokeForm() {
  const session = useSession();
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [revoked, setRevoked] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setRevoked(null);
    try {
      await session.api(
        'POST',
        `/api/v1/admin/certificates/${encodeURIComponent(id.trim())}/revoke`,
        { reason },
      );
      setRevoked(id.trim());
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="revoke-title">
      <h2 id="revoke-title">Revoke a certificate</h2>
      <label for="revoke-id">Certificate id</label>
      <input id="revoke-id" required value={id} onInput={(e) => setId(e.currentTarget.value)} />
      <label for="revoke-reason">Reason (shown publicly)</label>
      <input
        id="revoke-reason"
        required
        minLength={3}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <button type="submit">Revoke</button>
      {revoked && (
        <p role="status">
          Revoked. <a href={href('verify', revoked)}>See its verification page</a>
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}

export function AdminPage() {
  return (
    <Page title="Administration">
      <RoleForm />
      <RevokeForm />
    </Page>
  );
}
