import { useSession } from '../../context';
import type { ResourceType } from '../../types';
import { ModuleFields, type ModuleValues } from './catalog-fields';
import { CheckField, FormErrors, FormNote, InputField, SelectField } from './fields';
import { numberOrNull } from './form-values';
import { moved, moveFocus } from './order';
import { OutlineActions, ResourceRow } from './outline-rows';
import { RESOURCE_TYPES, type EditorOutline, type EditorResource, type Outliner } from './types';
import { useEditorForm } from './use-editor-form';

type OutlineModule = EditorOutline['modules'][number];

function ModuleSettings(props: { module: OutlineModule; outliner: Outliner }) {
  const session = useSession();
  const m = props.module;
  const editor = useEditorForm<ModuleValues>(`module-${m.module_id}`, {
    title: m.title,
    required_count: m.required_count?.toString() ?? '',
  });
  const { form } = editor;
  const save = editor.submit(async ({ title, required_count }) => {
    await session.api('PATCH', `/api/v1/modules/${encodeURIComponent(m.module_id)}`, {
      title,
      required_count: numberOrNull(required_count),
    });
    props.outliner.changed(`Module ${title} saved.`);
    return 'Saved.';
  });
  return (
    <details class="settings">
      <summary>Rename or change the completion rule</summary>
      <form onSubmit={save} noValidate>
        <FormErrors form={form} />
        <ModuleFields editor={editor} />
        <button type="submit" disabled={form.busy}>
          Save module
        </button>
        <FormNote form={form} />
      </form>
    </details>
  );
}

function AddResourceForm(props: { module: OutlineModule; outliner: Outliner }) {
  const session = useSession();
  const m = props.module;
  const editor = useEditorForm<{ type: ResourceType; title: string; required: boolean }>(
    `new-resource-${m.module_id}`,
    { type: 'article', title: '', required: true },
  );
  const { form } = editor;
  const add = editor.submit(async ({ type, title, required }) => {
    const created = await session.api<EditorResource>(
      'POST',
      `/api/v1/modules/${encodeURIComponent(m.module_id)}/resources`,
      { type, title, required },
    );
    editor.set('title', '');
    props.outliner.changed(`${created.title} added to ${m.title}.`, `edit-resource-${created.id}`);
    return '';
  });
  return (
    <form
      class="add-resource"
      onSubmit={add}
      noValidate
      aria-label={`Add a resource to ${m.title}`}
    >
      <FormErrors form={form} />
      <div class="row">
        <SelectField editor={editor} name="type" label="Kind">
          {RESOURCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </SelectField>
        <InputField editor={editor} name="title" label="Resource title" />
        <CheckField editor={editor} name="required" label="Required" />
      </div>
      <button type="submit" disabled={form.busy}>
        Add resource
      </button>
    </form>
  );
}

export function ModuleCard(props: {
  module: OutlineModule;
  position: number;
  count: number;
  outliner: Outliner;
  onMove: (by: -1 | 1) => void;
}) {
  const session = useSession();
  const { module: m, outliner } = props;
  const resources = m.resources;
  const moveResource = (resourceId: string, by: -1 | 1) =>
    void outliner.change(async () => {
      const order = moved(
        resources.map((r) => r.id),
        resourceId,
        by,
      );
      await session.api(
        'PUT',
        `/api/v1/modules/${encodeURIComponent(m.module_id)}/resources/order`,
        {
          resource_ids: order,
        },
      );
      const position = order.indexOf(resourceId);
      const title = resources.find((r) => r.id === resourceId)?.title ?? resourceId;
      return {
        note: `${title} moved to position ${position + 1} of ${order.length} in ${m.title}.`,
        focus: moveFocus('move-resource', resourceId, by, position, order.length),
      };
    });
  const deleteResource = (resource: EditorResource) => {
    if (!window.confirm(`Delete the resource ${resource.title}?`)) return;
    void outliner.change(async () => {
      await session.api('DELETE', `/api/v1/resources/${encodeURIComponent(resource.id)}`);
      return { note: `${resource.title} deleted.`, focus: `module-${m.module_id}` };
    });
  };
  const deleteModule = () => {
    if (!window.confirm(`Delete the module ${m.title} with its ${resources.length} resources?`))
      return;
    void outliner.change(async () => {
      await session.api('DELETE', `/api/v1/modules/${encodeURIComponent(m.module_id)}`);
      return { note: `Module ${m.title} deleted.`, focus: 'outline-title' };
    });
  };
  return (
    <li class="module editor-module" data-editor-module={m.module_id}>
      <div class="module-head">
        <h3 id={`module-${m.module_id}`} tabIndex={-1}>
          {props.position}. {m.title}
        </h3>
        <span class="muted">
          {m.required_count
            ? `complete ${m.required_count} of ${resources.length}`
            : 'complete all required'}
        </span>
        <OutlineActions
          kind="module"
          id={m.module_id}
          title={m.title}
          position={props.position}
          count={props.count}
          onMove={props.onMove}
          onDelete={deleteModule}
          deleteText="Delete module"
        />
      </div>
      <ModuleSettings module={m} outliner={outliner} />
      {resources.length === 0 ? (
        <p class="muted">No resources yet.</p>
      ) : (
        <ol class="resources" aria-label={`Resources of ${m.title}`}>
          {resources.map((r, index) => (
            <ResourceRow
              key={r.id}
              pathwayId={outliner.pathwayId}
              resource={r}
              position={index + 1}
              count={resources.length}
              onMove={(by) => moveResource(r.id, by)}
              onDelete={() => deleteResource(r)}
            />
          ))}
        </ol>
      )}
      <AddResourceForm module={m} outliner={outliner} />
    </li>
  );
}
