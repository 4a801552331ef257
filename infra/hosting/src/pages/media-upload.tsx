import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { errorShape } from '../error-shape';
import { ErrorState, FieldError } from '../errors';
import { ProgressBar } from '../ui';
import { RESUMABLE_ABOVE_BYTES, uploadFile } from '../upload';
import type { UploadInstructions } from '../types';
import type { MediaItem, MediaKind } from './media-types';

/** The kind a file most likely is; the person can change it, and the API decides. */
function kindOf(file: File): MediaKind {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  return 'document';
}

const SETTLE_POLL_MS = 1000;
const SETTLE_POLLS = 60;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The fields of an upload request a 400 can name, all about the chosen file. */
const FILE_FIELDS = ['file_name', 'content_type', 'size_bytes'] as const;

/**
 * Uploads one file to the library: the API opens a signed URL bound to its type and size, the
 * bytes go straight to Cloud Storage with a progress bar (a resumable session above 8 MB, so a
 * dropped connection costs one chunk), and the page follows the item until finalize has checked
 * it. Media documents are not readable from the client, so that last step asks the API.
 */
export function MediaUpload(props: { onChange: () => void }) {
  const session = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<MediaKind>('image');
  const [sent, setSent] = useState<{ loaded: number; total: number } | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shape = error ? errorShape(error) : null;

  const settle = async (item: MediaItem): Promise<MediaItem> => {
    let current = item;
    for (let i = 0; i < SETTLE_POLLS; i += 1) {
      if (current.status !== 'awaiting_upload' && current.status !== 'scan_pending') break;
      await pause(SETTLE_POLL_MS);
      current = await session.api<MediaItem>(
        'GET',
        `/api/v1/media/${encodeURIComponent(item.media_id)}`,
      );
    }
    return current;
  };

  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setNote('');
    setSent(null);
    try {
      const opened = await session.api<MediaItem & { upload: UploadInstructions }>(
        'POST',
        `/api/v1/upload/${kind}`,
        {
          file_name: file.name,
          size_bytes: file.size,
          ...(file.type ? { content_type: file.type } : {}),
          resumable: file.size > RESUMABLE_ABOVE_BYTES,
        },
      );
      setSent({ loaded: 0, total: file.size });
      await uploadFile(opened.upload, file, (loaded, total) => setSent({ loaded, total }));
      setNote(`${file.name} uploaded; checking it…`);
      props.onChange();
      const settled = await settle(opened);
      setNote(
        settled.status === 'ready'
          ? `${file.name} is ready.`
          : `${file.name} is ${settled.status.replace(/_/g, ' ')}${settled.rejection_reason ? `: ${settled.rejection_reason}` : ''}.`,
      );
      props.onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const invalid = FILE_FIELDS.some((f) => shape?.fields.some((d) => d.path.endsWith(f)));
  return (
    <form class="card" onSubmit={upload} aria-labelledby="media-upload-title">
      <h2 id="media-upload-title">Upload media</h2>
      <label for="media-file">File</label>
      <input
        id="media-file"
        type="file"
        aria-invalid={invalid}
        aria-describedby={invalid ? 'media-file-error' : undefined}
        onChange={(e) => {
          const chosen = e.currentTarget.files?.[0] ?? null;
          setFile(chosen);
          if (chosen) setKind(kindOf(chosen));
        }}
      />
      <span id="media-file-error">
        {FILE_FIELDS.map((f) => (
          <FieldError key={f} shape={shape} field={f} id={`media-file-${f}`} />
        ))}
      </span>
      <label for="media-kind">Kind</label>
      <select
        id="media-kind"
        value={kind}
        onChange={(e) => setKind(e.currentTarget.value as MediaKind)}
      >
        <option value="image">image</option>
        <option value="document">document</option>
        <option value="video">video</option>
      </select>
      <p class="actions">
        <button type="submit" disabled={!file || busy}>
          Upload
        </button>
      </p>
      {sent && (
        <ProgressBar
          id="media-upload"
          label="Upload progress"
          value={sent.total ? (100 * sent.loaded) / sent.total : 0}
        />
      )}
      <p role="status">{note}</p>
      <ErrorState error={error} placed={FILE_FIELDS} />
    </form>
  );
}
