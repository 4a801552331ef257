import { useSession } from '../../context';
import { useLoad } from '../../hooks';
import { href } from '../../router';
import { ErrorNotice, Loading, Page } from '../../ui';
import { CheckField, FormErrors, FormNote, InputField, SelectField, TextAreaField } from './fields';
import { QuizEditor } from './quiz-editor';
import { SkillTagsEditor } from './skill-tags';
import type { EditorOutline, EditorResourceDetail, Skill } from './types';
import { useEditorForm } from './use-editor-form';

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
  const uploadable = r.type === 'exercise' || r.type === 'project';
  const editor = useEditorForm('resource', {
    title: r.title,
    description: r.description ?? '',
    url: r.url ?? '',
    duration_minutes: String(r.duration_minutes),
    required: r.required,
    requires_upload: r.requires_upload,
    accepted_file_types: (r.accepted_file_types ?? []).join(', '),
    max_file_size_mb: r.max_file_size_mb?.toString() ?? '',
    tags: r.learning?.skills ?? [],
    module_id: r.module_id,
  });
  const { form, values } = editor;
  const prerequisites = r.learning?.prerequisites ?? [];

  const save = editor.submit(async (v) => {
    const uploads = uploadable
      ? {
          requires_upload: v.requires_upload,
          ...(v.requires_upload
            ? {
                accepted_file_types: typeList(v.accepted_file_types),
                ...(v.max_file_size_mb.trim()
                  ? { max_file_size_mb: Number(v.max_file_size_mb) }
                  : {}),
              }
            : {}),
        }
      : {};
    await session.api('PATCH', `/api/v1/resources/${encodeURIComponent(r.id)}`, {
      title: v.title,
      description: v.description,
      // A media item decides the url of a resource that uses one; leave it alone then.
      ...(r.media_id ? {} : { url: v.url.trim() || null }),
      duration_minutes: Number(v.duration_minutes),
      ...(v.module_id !== r.module_id ? { module_id: v.module_id } : {}),
      required: v.required,
      ...uploads,
      learning:
        v.tags.length > 0 || prerequisites.length > 0 ? { skills: v.tags, prerequisites } : null,
    });
    props.saved();
    return 'Resource saved.';
  });
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="resource-form-title">
      <h2 id="resource-form-title">Resource</h2>
      <FormErrors form={form} />
      <InputField editor={editor} name="title" label="Title" />
      <TextAreaField editor={editor} name="description" label="Description" />
      {r.media_id ? (
        <p class="muted">The content comes from the media library.</p>
      ) : (
        <InputField
          editor={editor}
          name="url"
          label="Content URL"
          hint="https://…; empty: none"
          box={{ type: 'url' }}
        />
      )}
      <SelectField editor={editor} name="module_id" label="Module">
        {props.modules.map((m) => (
          <option key={m.module_id} value={m.module_id}>
            {m.title}
          </option>
        ))}
      </SelectField>
      <InputField
        editor={editor}
        name="duration_minutes"
        label="Duration (minutes)"
        box={{ type: 'number', min: 0 }}
      />
      <CheckField
        editor={editor}
        name="required"
        label="Required for completion (unticked: optional)"
      />
      {uploadable && (
        <fieldset>
          <legend>Uploads</legend>
          <CheckField
            editor={editor}
            name="requires_upload"
            label="Learners upload a file for review"
          />
          {values.requires_upload && (
            <>
              <InputField
                editor={editor}
                name="accepted_file_types"
                nested
                label="Accepted file types"
                hint="MIME types separated by commas, e.g. application/pdf, image/png"
              />
              <InputField
                editor={editor}
                name="max_file_size_mb"
                label="Largest file (MB)"
                box={{ type: 'number', min: 1 }}
              />
            </>
          )}
        </fieldset>
      )}
      <SkillTagsEditor
        form={form}
        skills={props.skills}
        tags={values.tags}
        onChange={(tags) => editor.set('tags', tags)}
      />
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
