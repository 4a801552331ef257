import { useState } from 'preact/hooks';
import { useSession } from '../../context';
import { useLoad } from '../../hooks';
import { href } from '../../router';
import { ErrorNotice, Loading, Page } from '../../ui';
import { Field, FormErrors, FormNote, useForm } from './fields';
import { QuizEditor } from './quiz-editor';
import { SkillTagsEditor } from './skill-tags';
import type { EditorOutline, EditorResourceDetail, Skill, SkillTag } from './types';

/** `a/b, c/d` as typed → the list the API takes (it names each bad entry by index). */
function typeList(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

function ResourceForm(props: {
  resource: EditorResourceDetail;
  skills: Skill[];
  /** The pathway's modules, which the resource may move to (it goes last there). */
  modules: { module_id: string; title: string }[];
  saved: () => void;
}) {
  const session = useSession();
  const r = props.resource;
  const { form, run } = useForm('resource');
  const uploadable = r.type === 'exercise' || r.type === 'project';
  const [title, setTitle] = useState(r.title);
  const [description, setDescription] = useState(r.description ?? '');
  const [url, setUrl] = useState(r.url ?? '');
  const [duration, setDuration] = useState(String(r.duration_minutes));
  const [required, setRequired] = useState(r.required);
  const [requiresUpload, setRequiresUpload] = useState(r.requires_upload);
  const [types, setTypes] = useState((r.accepted_file_types ?? []).join(', '));
  const [maxMb, setMaxMb] = useState(r.max_file_size_mb?.toString() ?? '');
  const [tags, setTags] = useState<SkillTag[]>(r.learning?.skills ?? []);
  const [moduleId, setModuleId] = useState(r.module_id);
  const prerequisites = r.learning?.prerequisites ?? [];

  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const uploads = uploadable
        ? {
            requires_upload: requiresUpload,
            ...(requiresUpload
              ? {
                  accepted_file_types: typeList(types),
                  ...(maxMb.trim() ? { max_file_size_mb: Number(maxMb) } : {}),
                }
              : {}),
          }
        : {};
      await session.api('PATCH', `/api/v1/resources/${encodeURIComponent(r.id)}`, {
        title,
        description,
        // A media item decides the url of a resource that uses one; leave it alone then.
        ...(r.media_id ? {} : { url: url.trim() || null }),
        duration_minutes: Number(duration),
        ...(moduleId !== r.module_id ? { module_id: moduleId } : {}),
        required,
        ...uploads,
        learning:
          tags.length > 0 || prerequisites.length > 0 ? { skills: tags, prerequisites } : null,
      });
      props.saved();
      return 'Resource saved.';
    });
  };
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="resource-form-title">
      <h2 id="resource-form-title">Resource</h2>
      <FormErrors form={form} />
      <Field form={form} path="title" label="Title">
        {(w) => <input {...w} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
      </Field>
      <Field form={form} path="description" label="Description">
        {(w) => (
          <textarea
            {...w}
            rows={3}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        )}
      </Field>
      {r.media_id ? (
        <p class="muted">The content comes from the media library.</p>
      ) : (
        <Field form={form} path="url" label="Content URL" hint="https://…; empty: none">
          {(w) => (
            <input {...w} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
          )}
        </Field>
      )}
      <Field form={form} path="module_id" label="Module">
        {(w) => (
          <select {...w} value={moduleId} onChange={(e) => setModuleId(e.currentTarget.value)}>
            {props.modules.map((m) => (
              <option key={m.module_id} value={m.module_id}>
                {m.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field form={form} path="duration_minutes" label="Duration (minutes)">
        {(w) => (
          <input
            {...w}
            type="number"
            min={0}
            value={duration}
            onInput={(e) => setDuration(e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="field">
        <label class="choice">
          <input
            type="checkbox"
            checked={required}
            onChange={(e) => setRequired(e.currentTarget.checked)}
          />{' '}
          Required for completion (unticked: optional)
        </label>
      </div>
      {uploadable && (
        <fieldset>
          <legend>Uploads</legend>
          <div class="field">
            <label class="choice">
              <input
                type="checkbox"
                checked={requiresUpload}
                onChange={(e) => setRequiresUpload(e.currentTarget.checked)}
              />{' '}
              Learners upload a file for review
            </label>
          </div>
          {requiresUpload && (
            <>
              <Field
                form={form}
                path="accepted_file_types"
                nested
                label="Accepted file types"
                hint="MIME types separated by commas, e.g. application/pdf, image/png"
              >
                {(w) => (
                  <input {...w} value={types} onInput={(e) => setTypes(e.currentTarget.value)} />
                )}
              </Field>
              <Field form={form} path="max_file_size_mb" label="Largest file (MB)">
                {(w) => (
                  <input
                    {...w}
                    type="number"
                    min={1}
                    value={maxMb}
                    onInput={(e) => setMaxMb(e.currentTarget.value)}
                  />
                )}
              </Field>
            </>
          )}
        </fieldset>
      )}
      <SkillTagsEditor form={form} skills={props.skills} tags={tags} onChange={setTags} />
      <button type="submit" disabled={form.busy}>
        Save resource
      </button>
      <FormNote form={form} />
    </form>
  );
}

export function ResourceEditorPage(props: { pathwayId: string; resourceId: string }) {
  const session = useSession();
  const { pathwayId, resourceId } = props;
  const resource = useLoad(
    () =>
      session.api<EditorResourceDetail>(
        'GET',
        `/api/v1/resources/${encodeURIComponent(resourceId)}`,
      ),
    `editor-resource-${resourceId}`,
  );
  const outline = useLoad(
    () =>
      session.api<EditorOutline>(
        'GET',
        `/api/v1/pathways/${encodeURIComponent(pathwayId)}/resources`,
      ),
    `editor-outline-${pathwayId}`,
  );
  const skills = useLoad(
    () => session.api<{ skills: Skill[] }>('GET', '/api/v1/skills?limit=100'),
    'editor-skills',
  );
  const r = resource.data;
  return (
    <Page title={r ? `Edit: ${r.title}` : 'Edit resource'}>
      <p>
        <a href={href('editor', pathwayId)}>Back to the pathway</a>
      </p>
      <ErrorNotice error={resource.error ?? skills.error ?? outline.error} />
      {(resource.loading || skills.loading) && !r && <Loading what="the resource" />}
      {r && skills.data && outline.data && (
        <>
          <p class="muted">
            <span class="tag">{r.type}</span> in the module{' '}
            {outline.data.modules.find((m) => m.module_id === r.module_id)?.title ?? r.module_id}
          </p>
          <ResourceForm
            key={`form-${r.id}`}
            resource={r}
            skills={skills.data.skills}
            modules={outline.data.modules}
            saved={resource.reload}
          />
          {r.type === 'quiz' && (
            <QuizEditor key={`quiz-${r.id}`} resource={r} saved={resource.reload} />
          )}
        </>
      )}
    </Page>
  );
}
