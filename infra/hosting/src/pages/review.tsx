import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useLoad } from '../hooks';
import type { PendingSubmission, UploadInstructions } from '../types';
import { uploadFile } from '../upload';
import { ErrorNotice, Loading, Page, ProgressBar } from '../ui';

/** The feedback file types `reviewSubmission` takes. */
const FEEDBACK_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/markdown',
  'application/zip',
];

/** Browsers often give Markdown no type; the extension says what it is. */
function feedbackType(file: File): string {
  if (file.type) return file.type;
  return /\.(md|markdown)$/i.test(file.name) ? 'text/markdown' : 'text/plain';
}

interface PendingList {
  total_pending: number;
  submissions: PendingSubmission[];
}

/** The instructor's queue, through the `listPendingSubmissions` and `reviewSubmission` callables. */
export function ReviewPage() {
  const session = useSession();
  const [round, setRound] = useState(0);
  const queue = useLoad(
    () => session.call<PendingList>('listPendingSubmissions', { limit: 50 }),
    `queue:${round}`,
  );
  return (
    <Page title="Review queue">
      <ErrorNotice error={queue.error} />
      {queue.loading && !queue.data && <Loading what="the queue" />}
      {queue.data && <p>{queue.data.total_pending} submissions wait for a review.</p>}
      <button type="button" onClick={() => setRound((r) => r + 1)}>
        Refresh
      </button>
      <ul class="cards">
        {queue.data?.submissions.map((s) => (
          <ReviewItem key={s.id} submission={s} onDone={() => setRound((r) => r + 1)} />
        ))}
      </ul>
    </Page>
  );
}

function ReviewItem(props: { submission: PendingSubmission; onDone: () => void }) {
  const session = useSession();
  const s = props.submission;
  const [comment, setComment] = useState('');
  const [feedback, setFeedback] = useState<File | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const preview = async () => {
    setError(null);
    try {
      const link = await session.api<{ signed_url: string }>(
        'GET',
        `/api/v1/users/me/submissions/download/${encodeURIComponent(s.id)}`,
      );
      window.open(link.signed_url, '_blank', 'noopener');
    } catch (e) {
      setError(e);
    }
  };
  const decide = async (status: 'approved' | 'rejected') => {
    setBusy(true);
    setError(null);
    try {
      const review = await session.call<{ feedback_upload: UploadInstructions | null }>(
        'reviewSubmission',
        {
          submission_id: s.id,
          submission_status: status,
          ...(comment.trim() ? { review_comments: comment.trim() } : {}),
          ...(feedback
            ? {
                feedback_file: {
                  file_name: feedback.name,
                  content_type: feedbackType(feedback),
                  size_bytes: feedback.size,
                },
              }
            : {}),
        },
      );
      if (feedback && review.feedback_upload) {
        await uploadFile(review.feedback_upload, feedback, (loaded, total) =>
          setSent((100 * loaded) / total),
        );
      }
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const commentId = `comment-${s.id}`;
  return (
    <li class="card" data-submission={s.id}>
      <h2>
        {s.resource_title} — {s.user_name ?? s.user_email ?? 'a learner'}
      </h2>
      <p class="muted">
        {s.file_name} · {Math.ceil(s.file_size_bytes / 1024)} KB · waiting{' '}
        {s.hours_waiting.toFixed(1)} h · {s.pathway_id}
      </p>
      <button type="button" class="link" onClick={() => void preview()}>
        Download {s.file_name}
      </button>
      <label for={commentId}>Comment for the learner</label>
      <textarea
        id={commentId}
        rows={2}
        value={comment}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <label for={`feedback-${s.id}`}>
        Feedback file (optional: PDF, image, text, Markdown or zip)
      </label>
      <input
        id={`feedback-${s.id}`}
        type="file"
        accept={[...FEEDBACK_TYPES, '.md'].join(',')}
        onChange={(e) => setFeedback(e.currentTarget.files?.[0] ?? null)}
      />
      {sent !== null && (
        <ProgressBar id={`feedback-${s.id}`} label="Feedback upload" value={sent} />
      )}
      <p class="actions">
        <button type="button" disabled={busy} onClick={() => void decide('approved')}>
          Approve
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy || !comment.trim()}
          onClick={() => void decide('rejected')}
        >
          Reject
        </button>
      </p>
      <ErrorNotice error={error} />
    </li>
  );
}
