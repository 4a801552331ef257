import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { saveFrom } from '../download';
import { ErrorState } from '../errors';
import { formatDate, Page } from '../ui';

/** `GET /api/v1/users/me/export` (`shared/privacy/schemas.ts`). */
interface DataExport {
  export_id: string;
  url: string;
  expires_at: string;
  size_bytes: number;
  counts: Record<string, number>;
}

/**
 * Seed 000's data portability: the signed-in person's data as one JSON archive. The API writes
 * it and answers a signed URL that lives a few minutes; the page saves it at once.
 */
export function MyDataPage() {
  const session = useSession();
  const [done, setDone] = useState<DataExport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const answer = await session.api<DataExport>('GET', '/api/v1/users/me/export');
      await saveFrom(answer.url, `pathwise-export-${answer.export_id}.json`);
      setDone(answer);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Your data">
      <div class="card">
        <p>
          Download everything Pathwise holds about you: your profile, progress, quiz attempts,
          submissions, certificates, media, learning events and mail preferences, as one JSON file.
          Files you uploaded are listed, not included; download them from where you handed them in.
        </p>
        <button type="button" disabled={busy} onClick={() => void download()}>
          {busy ? 'Preparing your data…' : 'Download your data'}
        </button>
        {done && (
          <div role="status" data-export={done.export_id}>
            <p>
              Saved ({Math.ceil(done.size_bytes / 1024)} KB). The link it came from stops working at{' '}
              {formatDate(done.expires_at)}.
            </p>
            <ul>
              {Object.entries(done.counts).map(([what, count]) => (
                <li key={what}>
                  {what.replace(/_/g, ' ')}: {count}
                </li>
              ))}
            </ul>
          </div>
        )}
        <ErrorState error={error} />
      </div>
    </Page>
  );
}
