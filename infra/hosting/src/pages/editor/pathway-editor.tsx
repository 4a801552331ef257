import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../../context';
import { useLoad } from '../../hooks';
import { href } from '../../router';
import { ErrorNotice, Loading, Page } from '../../ui';
import { CertificateRulesForm } from './certificate-rules';
import {
  ModuleFields,
  PathwayFields,
  type ModuleValues,
  type PathwayValues,
} from './catalog-fields';
import { FormErrors, FormNote } from './fields';
import { numberOrNull } from './form-values';
import { ModuleCard } from './module-card';
import { moved, moveFocus } from './order';
import type { EditorOutline, EditorPathway, Outliner } from './types';
import { useEditorForm } from './use-editor-form';

function DetailsForm(props: { pathway: EditorPathway; saved: () => void }) {
  const session = useSession();
  const { pathway } = props;
  const editor = useEditorForm<PathwayValues>('pathway', {
    title: pathway.title,
    description: pathway.description ?? '',
    difficulty: pathway.difficulty ?? '',
  });
  const { form } = editor;
  const save = editor.submit(async ({ title, description, difficulty }) => {
    await session.api('PATCH', `/api/v1/pathways/${encodeURIComponent(pathway.id)}`, {
      title,
      description,
      difficulty: difficulty || null,
    });
    props.saved();
    return 'Pathway details saved.';
  });
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      <FormErrors form={form} />
      <PathwayFields editor={editor} titleLabel="Pathway title" />
      <button type="submit" disabled={form.busy}>
        Save details
      </button>
      <FormNote form={form} />
    </form>
  );
}

/** Publishing puts the pathway in the catalog; archiving takes it out again (kept for the record). */
function StatusPanel(props: { pathway: EditorPathway; changed: () => void }) {
  const session = useSession();
  const { pathway } = props;
  const { form, run } = useEditorForm('status');
  const act = (action: 'publish' | 'archive') =>
    void run(async () => {
      const answer = await session.api<EditorPathway>(
        'POST',
        `/api/v1/pathways/${encodeURIComponent(pathway.id)}/${action}`,
      );
      props.changed();
      return answer.status === 'published'
        ? 'Published: learners see it in the catalog.'
        : 'Unpublished: hidden from learners, enrollments kept.';
    });
  return (
    <section class="card" aria-labelledby="status-title">
      <h2 id="status-title">Publication</h2>
      <p>
        Status: <strong data-pathway-status={pathway.status}>{pathway.status}</strong>
      </p>
      <FormErrors form={form} />
      <div class="actions">
        {pathway.status === 'published' ? (
          <button type="button" disabled={form.busy} onClick={() => act('archive')}>
            Unpublish
          </button>
        ) : (
          <button type="button" disabled={form.busy} onClick={() => act('publish')}>
            Publish
          </button>
        )}
        {pathway.status === 'published' && (
          <a href={href('pathways', pathway.id)}>See it as learners do</a>
        )}
      </div>
      <FormNote form={form} />
    </section>
  );
}

function AddModuleForm(props: { outliner: Outliner }) {
  const session = useSession();
  const editor = useEditorForm<ModuleValues>('new-module', { title: '', required_count: '' });
  const { form } = editor;
  const add = editor.submit(async ({ title, required_count }) => {
    const created = await session.api<{ module_id: string; title: string }>(
      'POST',
      `/api/v1/pathways/${encodeURIComponent(props.outliner.pathwayId)}/modules`,
      { title, required_count: numberOrNull(required_count) },
    );
    editor.set('title', '');
    editor.set('required_count', '');
    props.outliner.changed(`Module ${created.title} added.`, `module-${created.module_id}`);
    return '';
  });
  return (
    <form class="card" onSubmit={add} noValidate aria-labelledby="new-module-title">
      <h2 id="new-module-title">Add a module</h2>
      <FormErrors form={form} />
      <ModuleFields editor={editor} />
      <button type="submit" disabled={form.busy}>
        Add module
      </button>
    </form>
  );
}

export function PathwayEditorPage(props: { pathwayId: string }) {
  const session = useSession();
  const { pathwayId } = props;
  const id = encodeURIComponent(pathwayId);
  const pathway = useLoad(
    () => session.api<EditorPathway>('GET', `/api/v1/pathways/${id}`),
    `editor-${pathwayId}`,
  );
  const outline = useLoad(
    () => session.api<EditorOutline>('GET', `/api/v1/pathways/${id}/resources`),
    `editor-outline-${pathwayId}`,
  );
  const outlineForm = useEditorForm('outline');
  // Where focus goes once the page shows the change: the outline it had before must be replaced
  // first, or focus would land on the old rendering (a move button still disabled, say).
  const [focus, setFocus] = useState<{ id: string; before: EditorOutline | undefined } | null>(
    null,
  );
  useEffect(() => {
    if (!focus || outline.loading || pathway.loading || outline.data === focus.before) return;
    document.getElementById(focus.id)?.focus();
    setFocus(null);
  }, [focus, outline.data, outline.loading, pathway.loading]);

  const reload = () => {
    pathway.reload();
    outline.reload();
  };
  const outliner: Outliner = {
    pathwayId,
    change: (work) =>
      outlineForm.run(async () => {
        const before = outline.data;
        const done = await work();
        reload();
        if (done.focus) setFocus({ id: done.focus, before });
        return done.note;
      }),
    changed: (note, target) => {
      void outlineForm.run(async () => note);
      reload();
      if (target) setFocus({ id: target, before: outline.data });
    },
  };
  const modules = outline.data?.modules ?? [];
  const moveModule = (moduleId: string, by: -1 | 1) =>
    outliner.change(async () => {
      const order = moved(
        modules.map((m) => m.module_id),
        moduleId,
        by,
      );
      await session.api('PUT', `/api/v1/pathways/${id}/modules/order`, { module_ids: order });
      const position = order.indexOf(moduleId);
      const title = modules.find((m) => m.module_id === moduleId)?.title ?? moduleId;
      return {
        note: `Module ${title} moved to position ${position + 1} of ${order.length}.`,
        focus: moveFocus('move-module', moduleId, by, position, order.length),
      };
    });

  const p = pathway.data;
  return (
    <Page title={p ? `Edit: ${p.title}` : 'Edit pathway'}>
      <p>
        <a href={href('editor')}>All your pathways</a>
      </p>
      <ErrorNotice error={pathway.error ?? outline.error} />
      {(pathway.loading || outline.loading) && !p && <Loading what="the pathway" />}
      {p && (
        <div class="editor-top">
          <DetailsForm key={`details-${p.id}`} pathway={p} saved={reload} />
          <StatusPanel pathway={p} changed={reload} />
        </div>
      )}
      {outline.data && (
        <section aria-labelledby="outline-title">
          <h2 id="outline-title" tabIndex={-1}>
            Modules and resources
          </h2>
          <FormErrors form={outlineForm.form} />
          <p class="ok" role="status" data-outline-note>
            {outlineForm.form.note}
          </p>
          {modules.length === 0 && <p>No modules yet: add the first one below.</p>}
          <ol class="editor-modules">
            {modules.map((m, index) => (
              <ModuleCard
                key={m.module_id}
                module={m}
                position={index + 1}
                count={modules.length}
                outliner={outliner}
                onMove={(by) => void moveModule(m.module_id, by)}
              />
            ))}
          </ol>
          <AddModuleForm outliner={outliner} />
        </section>
      )}
      {p && <CertificateRulesForm key={`rules-${p.id}`} pathway={p} saved={reload} />}
    </Page>
  );
}
