import { useState } from 'preact/hooks';
import { useSession } from '../../context';
import type { ResourceType } from '../../types';
import { Field, FormErrors, FormNote, useForm } from './fields';
import { numberOrNull } from './form-values';
import { moved, moveFocus } from './order';
import { MoveButtons, ResourceRow } from './outline-rows';
import { RESOURCE_TYPES, type EditorOutline, type EditorResource, type Outliner } from './types';

type OutlineModule = EditorOutline['modules'][number];

function ModuleSettings(props: { module: OutlineModule; outliner: Outliner }) {
  const session = useSession();
  const m = props.module;
  const { form, run } = useForm(`module-${m.module_id}`);
  const [title, setTitle] = useState(m.title);
  const [requiredCount, setRequiredCount] = useState(m.required_count?.toString() ?? '');
  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await session.api('PATCH', `/api/v1/modules/${encodeURIComponent(m.module_id)}`, {
        title,
        required_count: numberOrNull(requiredCount),
      });
      props.outliner.changed(`Module ${title} saved.`);
      return 'Saved.';
    });
  };
  return (
    <details class="settings">
      <summary>Rename or change the completion rule</summary>
      <form onSubmit={save} noValidate>
        <FormErrors form={form} />
        <Field form={form} path="title" label="Module title">
          {(w) => <input {...w} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
        </Field>
        <Field
          form={form}
          path="required_count"
          label="Resources to complete (N of M)"
          hint="Empty: every required resource"
        >
          {(w) => (
            <input
              {...w}
              type="number"
              min={1}
              value={requiredCount}
              onInput={(e) => setRequiredCount(e.currentTarget.value)}
            />
          )}
        </Field>
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
  const { form, run } = useForm(`new-resource-${m.module_id}`);
  const [type, setType] = useState<ResourceType>('article');
  const [title, setTitle] = useState('');
  const [required, setRequired] = useState(true);
  const add = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await session.api<EditorResource>(
        'POST',
        `/api/v1/modules/${encodeURIComponent(m.module_id)}/resources`,
        { type, title, required },
      );
      setTitle('');
      props.outliner.changed(
        `${created.title} added to ${m.title}.`,
        `edit-resource-${created.id}`,
      );
      return '';
    });
  };
  return (
    <form
      class="add-resource"
      onSubmit={add}
      noValidate
      aria-label={`Add a resource to ${m.title}`}
    >
      <FormErrors form={form} />
      <div class="row">
        <Field form={form} path="type" label="Kind">
          {(w) => (
            <select
              {...w}
              value={type}
              onChange={(e) => setType(e.currentTarget.value as ResourceType)}
            >
              {RESOURCE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field form={form} path="title" label="Resource title">
          {(w) => <input {...w} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}
        </Field>
        <div class="field">
          <label class="choice">
            <input
              type="checkbox"
              checked={required}
              onChange={(e) => setRequired(e.currentTarget.checked)}
            />{' '}
            Required
          </label>
        </div>
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
        focus: moveFocus('resource', resourceId, by, position, order.length),
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
        <div class="actions">
          <MoveButtons
            kind="module"
            id={m.module_id}
            title={m.title}
            position={props.position}
            count={props.count}
            onMove={props.onMove}
          />
          <button
            type="button"
            class="secondary"
            aria-label={`Delete module ${m.title}`}
            onClick={deleteModule}
          >
            Delete module
          </button>
        </div>
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
