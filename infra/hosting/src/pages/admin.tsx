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

function ReissueForm() {
  const session = useSession();
  const [id, setId] = useState('');
  const [reason, setReason] = useState('');
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setIssued(null);
    try {
      const answer = await session.api<{ certificate_id: string }>(
        'POST',
        `/api/v1/admin/certificates/${encodeURIComponent(id.trim())}/reissue`,
        { reason, ...(name.trim() ? { learner_name: name.trim() } : {}) },
      );
      setIssued(answer.certificate_id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="reissue-title">
      <h2 id="reissue-title">Reissue a corrected certificate</h2>
      <label for="reissue-id">Certificate id</label>
      <input id="reissue-id" required value={id} onInput={(e) => setId(e.currentTarget.value)} />
      <label for="reissue-reason">Why it is corrected</label>
      <input
        id="reissue-reason"
        required
        minLength={3}
        value={reason}
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <label for="reissue-name">Name to print (optional: the account's name otherwise)</label>
      <input id="reissue-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <button type="submit">Reissue</button>
      {issued && (
        <p role="status">
          Reissued as <a href={href('verify', issued)}>{issued}</a>.
        </p>
      )}
      <ErrorNotice error={error} />
    </form>
  );
}

interface Repair {
  differences: { path: string; stored: unknown; computed: unknown }[];
  repaired: boolean;
}

function RepairForm() {
  const session = useSession();
  const [uid, setUid] = useState('');
  const [pathway, setPathway] = useState('');
  const [result, setResult] = useState<Repair | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (dryRun: boolean) => {
    setError(null);
    setResult(null);
    try {
      setResult(
        await session.api<Repair>(
          'POST',
          `/api/v1/admin/enrollments/${encodeURIComponent(uid.trim())}/${encodeURIComponent(pathway.trim())}/repair?dry_run=${dryRun}`,
        ),
      );
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="card" onSubmit={(e) => e.preventDefault()} aria-labelledby="repair-title">
      <h2 id="repair-title">Repair an enrollment</h2>
      <label for="repair-uid">Learner's user id</label>
      <input id="repair-uid" required value={uid} onInput={(e) => setUid(e.currentTarget.value)} />
      <label for="repair-pathway">Pathway id</label>
      <input
        id="repair-pathway"
        required
        value={pathway}
        onInput={(e) => setPathway(e.currentTarget.value)}
      />
      <p class="actions">
        <button type="button" onClick={() => void run(true)}>
          Check
        </button>
        <button type="button" onClick={() => void run(false)}>
          Repair
        </button>
      </p>
      {result && (
        <div role="status">
          <p>
            {result.differences.length === 0
              ? 'The stored progress matches a recomputation.'
              : `${result.differences.length} differences${result.repaired ? ', repaired' : ''}:`}
          </p>
          <ul>
            {result.differences.map((d) => (
              <li key={d.path}>
                <code>{d.path}</code>: stored {JSON.stringify(d.stored)}, computed{' '}
                {JSON.stringify(d.computed)}
              </li>
            ))}
          </ul>
        </div>
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
      <ReissueForm />
      <RepairForm />
    </Page>
  );
}
