import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { saveFrom } from '../download';
import { ErrorState } from '../errors';
import { useLoad } from '../hooks';
import { formatDate, Loading, Page } from '../ui';
import { MediaUpload } from './media-upload';
import type { MediaItem, MediaLink, MediaList } from './media-types';

const PAGE_SIZE = 10;
const KINDS = ['image', 'document', 'video'] as const;
const STATUSES = ['awaiting_upload', 'scan_pending', 'ready', 'rejected', 'expired'] as const;
const words = (value: string) => value.replace(/_/g, ' ');

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}

function listPath(kind: string, status: string, token: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (kind) query.set('kind', kind);
  if (status) query.set('status', status);
  if (token) query.set('page_token', token);
  return `/api/v1/media?${query.toString()}`;
}

/** One item: what it is, where it stands, and preview, download and delete when it may. */
function MediaRow(props: { item: MediaItem; showOwner: boolean; onDeleted: () => void }) {
  const session = useSession();
  const { item } = props;
  const [preview, setPreview] = useState<MediaLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const link = () =>
    session.api<MediaLink>('GET', `/api/v1/media/${encodeURIComponent(item.media_id)}/download`);
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const showPreview = () =>
    act(async () => {
      const answer = await link();
      if (item.kind === 'image') setPreview(answer);
      else window.open(answer.signed_url, '_blank', 'noopener');
    });
  const download = () =>
    act(async () => {
      await saveFrom((await link()).signed_url, item.file_name);
    });
  const remove = () =>
    act(async () => {
      await session.api(
        'DELETE',
        `/api/v1/upload/${item.kind}/${encodeURIComponent(item.filename)}`,
      );
      props.onDeleted();
    });

  const columns = props.showOwner ? 7 : 6;
  const ready = item.status === 'ready';
  return (
    <>
      <tr data-media={item.media_id} data-media-status={item.status} data-file={item.file_name}>
        <td class="wrap" data-label="File">
          {item.file_name}
        </td>
        <td data-label="Kind">{item.kind}</td>
        <td data-label="Size">{sizeOf(item.size_bytes)}</td>
        <td data-label="Status">
          {words(item.status)}
          {item.rejection_reason ? `: ${item.rejection_reason}` : ''}
        </td>
        <td data-label="Uploaded">{formatDate(item.uploaded_at ?? item.created_at)}</td>
        {props.showOwner && (
          <td class="wrap" data-label="Owner">
            <code>{item.owner_uid}</code>
          </td>
        )}
        <td class="actions">
          {ready && (
            <>
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={`Preview ${item.file_name}`}
                onClick={() => void showPreview()}
              >
                Preview
              </button>
              <button
                type="button"
                class="link"
                disabled={busy}
                aria-label={`Download ${item.file_name}`}
                onClick={() => void download()}
              >
                Download
              </button>
            </>
          )}
          <button
            type="button"
            class="secondary"
            disabled={busy}
            aria-label={`Delete ${item.file_name}`}
            onClick={() => void remove()}
          >
            Delete
          </button>
        </td>
      </tr>
      {(preview || error) && (
        <tr data-media-detail={item.media_id}>
          <td colSpan={columns}>
            {preview && <img class="media-preview" src={preview.signed_url} alt={item.file_name} />}
            <ErrorState error={error} />
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * The media library (seed 003's instructor media): an instructor's own uploads, an admin's view
 * of everyone's, with kind and status filters and cursor paging; upload from the page.
 */
export function MediaPage() {
  const session = useSession();
  const [kind, setKind] = useState('');
  const [status, setStatus] = useState('');
  // The cursors of the pages seen so far: Previous goes back one without re-reading from the start.
  const [tokens, setTokens] = useState<(string | null)[]>([null]);
  const token = tokens[tokens.length - 1] ?? null;
  const key = `${kind}:${status}:${token ?? ''}`;
  // Each answer carries the query it answers, so a page never shows the previous query's rows.
  const loaded = useLoad(
    async () => ({ key, ...(await session.api<MediaList>('GET', listPath(kind, status, token))) }),
    key,
  );
  const list = { ...loaded, data: loaded.data?.key === key ? loaded.data : undefined };
  const admin = session.role === 'admin';
  const filter = (set: (value: string) => void) => (event: Event) => {
    set((event.currentTarget as HTMLSelectElement).value);
    setTokens([null]);
  };

  return (
    <Page title="Media library">
      <p class="muted">
        {admin
          ? 'Everyone’s media: as an admin you see and may delete any item.'
          : 'Your uploads. An item a resource uses cannot be deleted until it is detached.'}
      </p>
      <MediaUpload onChange={list.reload} />
      <form
        class="card actions"
        aria-label="Filter the library"
        onSubmit={(e) => e.preventDefault()}
      >
        <label for="media-filter-kind">Filter by kind</label>
        <select id="media-filter-kind" value={kind} onChange={filter(setKind)}>
          <option value="">all kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <label for="media-filter-status">Filter by status</label>
        <select id="media-filter-status" value={status} onChange={filter(setStatus)}>
          <option value="">any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {words(s)}
            </option>
          ))}
        </select>
        <button type="button" class="link" onClick={list.reload}>
          Refresh
        </button>
      </form>
      <ErrorState error={list.error} />
      {list.loading && !list.data && <Loading what="the library" />}
      {list.data?.media.length === 0 && <p class="muted">No media matches.</p>}
      <div class="table-scroll">
        <table
          class="history media-table"
          data-media-page={tokens.length}
          aria-busy={list.loading || (!list.data && !list.error)}
        >
          <caption class="sr-only">Media items, page {tokens.length}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
              <th scope="col">Uploaded</th>
              {admin && <th scope="col">Owner</th>}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.media.map((item) => (
              <MediaRow key={item.media_id} item={item} showOwner={admin} onDeleted={list.reload} />
            ))}
          </tbody>
        </table>
      </div>
      <p class="actions">
        <button
          type="button"
          disabled={tokens.length <= 1}
          onClick={() => setTokens(tokens.slice(0, -1))}
        >
          Previous page
        </button>
        <span>Page {tokens.length}</span>
        <button
          type="button"
          disabled={!list.data?.next_page_token}
          onClick={() => setTokens([...tokens, list.data?.next_page_token ?? null])}
        >
          Next page
        </button>
      </p>
    </Page>
  );
}
