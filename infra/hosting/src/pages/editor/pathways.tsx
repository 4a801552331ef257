import { useSession } from '../../context';
import { useLoad } from '../../hooks';
import { href } from '../../router';
import type { PathwayList, PathwaySummary } from '../../types';
import { ErrorNotice, Loading, Page } from '../../ui';
import { PathwayFields, type PathwayValues } from './catalog-fields';
import { FormErrors } from './fields';
import type { EditorPathway } from './types';
import { useEditorForm } from './use-editor-form';

/** The pathways the caller may edit, and a form that creates a draft pathway. */
export function EditorHomePage() {
  const session = useSession();
  const list = useLoad(
    () => session.api<PathwayList>('GET', '/api/v1/pathways?limit=100'),
    'editor-pathways',
  );
  const editor = useEditorForm<PathwayValues>('new-pathway', {
    title: '',
    description: '',
    difficulty: '',
  });
  const { form } = editor;
  const create = editor.submit(async ({ title, description, difficulty }) => {
    const created = await session.api<EditorPathway>('POST', '/api/v1/pathways', {
      title,
      ...(description ? { description } : {}),
      ...(difficulty ? { difficulty } : {}),
    });
    window.location.hash = href('editor', created.id);
    return `Created ${created.title}`;
  });
  // Instructors list published pathways of others too; only their own are theirs to edit.
  const editable = (p: PathwaySummary & { owner_uid?: string }) =>
    session.role === 'admin' || p.owner_uid === session.user.uid;
  const mine = list.data?.pathways.filter(editable) ?? [];
  return (
    <Page title="Pathway editor">
      <form class="card" onSubmit={create} noValidate aria-labelledby="new-pathway-title">
        <h2 id="new-pathway-title">New pathway</h2>
        <FormErrors form={form} />
        <PathwayFields editor={editor} titleLabel="Title" />
        <button type="submit" disabled={form.busy}>
          Create pathway
        </button>
      </form>
      <h2>Your pathways</h2>
      <ErrorNotice error={list.error} />
      {list.loading && <Loading what="pathways" />}
      {list.data && mine.length === 0 && <p>You have no pathways yet.</p>}
      <ul class="cards">
        {mine.map((p) => (
          <li class="card" key={p.id} data-editor-pathway={p.id}>
            <a href={href('editor', p.id)}>{p.title}</a>{' '}
            <span class="tag" data-status={p.status}>
              {p.status}
            </span>
            <p class="muted">
              {p.module_count} modules · {p.resource_count} resources
            </p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
