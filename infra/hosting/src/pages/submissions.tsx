import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import type { OpenedUpload, ResourceState, ResourceView, Submission } from '../types';
import { RESUMABLE_ABOVE_BYTES, uploadFile } from '../upload';
import { ErrorNotice, formatDate, ProgressBar } from '../ui';

const base = (resourceId: string) => `/api/v1/users/me/resources/${encodeURIComponent(resourceId)}`;

/** Hand in a file with a real progress bar, then the history of what was handed in and reviewed. */
export function Submissions(props: { resource: ResourceView; state: ResourceState | undefined }) {
  const session = useSession();
  const { resource, state } = props;
  // Submissions are not readable from the client; the live enrollment says when one changed
  // (uploaded, reviewed), and the history is read again then.
  const history = useLoad(
    () => session.api<{ submissions: Submission[] }>('GET', `${base(resource.id)}/submissions`),
    `${resource.id}:${state?.status ?? ''}:${state?.submission_count ?? 0}`,
  );
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per chosen file: handing the same file in again after a failure (an
  // answer lost on a bad connection) gets the upload the first try opened, not a second one.
  const keys = useRef(new WeakMap<File, string>());

  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone('');
    setSent({ loaded: 0, total: file.size });
    const key = keys.current.get(file) ?? crypto.randomUUID();
    keys.current.set(file, key);
    try {
      const opened = await session.api<OpenedUpload>(
        'POST',
        `${base(resource.id)}/upload`,
        {
          file_name: file.name,
          content_type: file.type || 'application/octet-stream',
          size_bytes: file.size,
          resumable: file.size > RESUMABLE_ABOVE_BYTES,
        },
        { 'Idempotency-Key': key },
      );
      await uploadFile(opened.upload, file, (loaded, total) => setSent({ loaded, total }));
      setDone(`${file.name} uploaded.`);
      keys.current.delete(file);
      history.reload();
    } catch (e) {
      // A 409 means the key's upload is done with (arrived or expired): the next try is new.
      if (e instanceof ApiError && e.status === 409) keys.current.delete(file);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async (submissionId: string, which: 'submission' | 'feedback') => {
    setError(null);
    try {
      const link = await session.api<{ signed_url: string }>(
        'GET',
        `/api/v1/users/me/submissions/download/${encodeURIComponent(submissionId)}?file=${which}`,
      );
      window.open(link.signed_url, '_blank', 'noopener');
    } catch (e) {
      setError(e);
    }
  };

  const inputId = `file-${resource.id}`;
  return (
    <div class="upload">
      <form onSubmit={upload}>
        <label for={inputId}>
          File to hand in
          {resource.accepted_file_types?.length
            ? ` (${resource.accepted_file_types.join(', ')}`
            : ' ('}
          {resource.max_file_size_mb ? `, up to ${resource.max_file_size_mb} MB)` : ')'}
        </label>
        <input
          id={inputId}
          type="file"
          accept={resource.accepted_file_types?.join(',')}
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <button type="submit" disabled={!file || busy}>
          Upload
        </button>
      </form>
      {sent && (
        <ProgressBar
          id={`upload-${resource.id}`}
          label="Upload progress"
          value={sent.total ? (100 * sent.loaded) / sent.total : 0}
        />
      )}
      <p role="status">{done}</p>
      <ErrorNotice error={error ?? history.error} />
      <h3>Your submissions</h3>
      <button type="button" class="link" onClick={history.reload}>
        Refresh
      </button>
      {history.data?.submissions.length === 0 && <p class="muted">Nothing handed in yet.</p>}
      <table class="history">
        <caption class="sr-only">Submissions for {resource.title}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Sent</th>
            <th scope="col">Status</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.submissions.map((s) => (
            <tr key={s.id} data-submission={s.id} data-submission-status={s.submission_status}>
              <td>
                <button
                  type="button"
                  class="link"
                  onClick={() => void download(s.id, 'submission')}
                >
                  {s.file_name}
                </button>{' '}
                ({Math.ceil(s.file_size_bytes / 1024)} KB)
              </td>
              <td>{formatDate(s.created_at)}</td>
              <td>
                {s.submission_status.replace(/_/g, ' ')}
                {s.rejection_reason ? `: ${s.rejection_reason}` : ''}
              </td>
              <td>
                {s.review ? (
                  <>
                    {s.review.submission_status} ({s.review.grade})
                    {s.review.review_comments ? ` — “${s.review.review_comments}”` : ''}
                    {s.review.has_feedback_file && (
                      <>
                        {' '}
                        <button
                          type="button"
                          class="link"
                          onClick={() => void download(s.id, 'feedback')}
                        >
                          feedback file
                        </button>
                      </>
                    )}
                  </>
                ) : (
                  'not reviewed yet'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
