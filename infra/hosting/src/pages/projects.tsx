import { useState } from 'preact/hooks';
import { useSession } from '../context';
import { useCollection, useDocument, useLoad } from '../hooks';
import { href } from '../router';
import type { Project, StageDoc } from '../types';
import { ErrorNotice, Loading, Page, ProgressBar } from '../ui';

const STAGES: [string, string][] = [
  ['stage1', 'Inventory of the sources'],
  ['stage2', 'Document analysis'],
  ['stage3', 'Course outline'],
  ['stage4', 'Articles, exercises and quizzes'],
];

export function ProjectsPage() {
  const session = useSession();
  const list = useLoad(() => session.api<Project[]>('GET', '/api/v1/projects'), 'projects');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<unknown>(null);
  const create = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const project = await session.api<Project>('POST', '/api/v1/projects', { title });
      window.location.hash = href('projects', project.course_id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Page title="Course projects">
      <form class="inline" onSubmit={create}>
        <label for="project-title">New course title</label>
        <input
          id="project-title"
          required
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <button type="submit">Create project</button>
      </form>
      <ErrorNotice error={list.error ?? error} />
      {list.loading && <Loading what="projects" />}
      <ul>
        {list.data?.map((p) => (
          <li key={p.course_id}>
            <a href={href('projects', p.course_id)}>{p.title}</a> — {p.status}
          </li>
        ))}
      </ul>
    </Page>
  );
}

/** Text files of a folder, as the sources endpoint takes them (binary files have a NUL byte). */
async function readSources(files: FileList): Promise<{ path: string; content: string }[]> {
  const out: { path: string; content: string }[] = [];
  for (const file of Array.from(files)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (bytes.includes(0)) continue;
    // A folder pick names files `folder/…`: the sources are relative to the folder.
    const relative = file.webkitRelativePath
      ? file.webkitRelativePath.split('/').slice(1).join('/')
      : file.name;
    out.push({ path: relative, content: new TextDecoder().decode(bytes) });
  }
  return out;
}

export function ProjectPage(props: { courseId: string }) {
  const session = useSession();
  const id = props.courseId;
  const project = useDocument<Project & { user_id: string }>(
    session.services.db,
    `courseProjects/${id}`,
  );
  const stages = useCollection<StageDoc>(session.services.db, `courseProjects/${id}/stages`);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      setNote(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const upload = (files: FileList | null) =>
    run(async () => {
      if (!files || files.length === 0) return '';
      const sources = await readSources(files);
      const answer = await session.api<{ sources: unknown[]; total_bytes: number }>(
        'POST',
        `/api/v1/projects/${encodeURIComponent(id)}/sources`,
        { files: sources },
      );
      return `${answer.sources.length} sources stored (${Math.ceil(answer.total_bytes / 1024)} KB).`;
    });
  const start = () =>
    run(async () => {
      const started = await session.api<{ message: string }>(
        'POST',
        `/api/v1/course-generation/${encodeURIComponent(id)}/start`,
      );
      return started.message;
    });
  const p = project.data;
  const overall =
    STAGES.reduce((sum, [stage]) => sum + (stages.data?.[stage]?.progress_percentage ?? 0), 0) /
    STAGES.length;
  return (
    <Page title={p?.title ?? 'Course project'}>
      <ErrorNotice error={project.error ?? stages.error ?? error} />
      {p && (
        <p>
          Status: <strong data-project-status={p.status}>{p.status}</strong>
          {p.pathway_id && (
            <>
              {' '}
              · <a href={href('pathways', p.pathway_id)}>Open the draft pathway</a>
            </>
          )}
        </p>
      )}
      <div class="card">
        <label for="sources">Source folder (text files are sent; binary files are skipped)</label>
        <input
          id="sources"
          type="file"
          multiple
          {...{ webkitdirectory: true }}
          onChange={(e) => void upload(e.currentTarget.files)}
        />
        <button type="button" disabled={busy} onClick={() => void start()}>
          Start generation
        </button>
        <p role="status">{note}</p>
      </div>
      <h2>Generation</h2>
      <ProgressBar id="generation" label="Overall" value={overall} />
      <ol class="stages">
        {STAGES.map(([stage, label]) => {
          const s = stages.data?.[stage];
          return (
            <li key={stage} data-stage={stage} data-stage-status={s?.status ?? 'PENDING'}>
              <ProgressBar id={stage} label={label} value={s?.progress_percentage ?? 0} />
              <p class="muted">
                {s ? `${s.status}: ${s.current_step}` : 'waiting'}
                {s?.error_message ? ` — ${s.error_message}` : ''}
              </p>
            </li>
          );
        })}
      </ol>
    </Page>
  );
}
