import { useState } from 'preact/hooks';
import { useSession } from '../../context';
import { useLoad } from '../../hooks';
import { href } from '../../router';
import type { PathwayList, PathwaySummary } from '../../types';
import { ErrorNotice, Loading, Page } from '../../ui';
import { Field, FormErrors, useForm } from './fields';
import type { EditorPathway } from './types';

const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'];

/** The pathways the caller may edit, and a form that creates a draft pathway. */
export function EditorHomePage() {
  const session = useSession();
  const list = useLoad(
    () => session.api<PathwayList>('GET', '/api/v1/pathways?limit=100'),
    'editor-pathways',
  );
  const { form, run } = useForm('new-pathway');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [difficulty, setDifficulty] = useState('');
  const create = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const created = await session.api<EditorPathway>('POST', '/api/v1/pathways', {
        title,
        ...(description ? { description } : {}),
        ...(difficulty ? { difficulty } : {}),
      });
      window.location.hash = href('editor', created.id);
      return `Created ${created.title}`;
    });
  };
  // Instructors list published pathways of others too; only their own are theirs to edit.
  const editable = (p: PathwaySummary & { owner_uid?: string }) =>
    session.role === 'admin' || p.owner_uid === session.user.uid;
  const mine = list.data?.pathways.filter(editable) ?? [];
  return (
    <Page title="Pathway editor">
      <form class="card" onSubmit={create} noValidate aria-labelledby="new-pathway-title">
        <h2 id="new-pathway-title">New pathway</h2>
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
        <Field form={form} path="difficulty" label="Difficulty">
          {(w) => (
            <select
              {...w}
              value={difficulty}
              onChange={(e) => setDifficulty(e.currentTarget.value)}
            >
              <option value="">Not set</option>
              {DIFFICULTIES.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          )}
        </Field>
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
