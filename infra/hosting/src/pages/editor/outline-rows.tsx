import { href } from '../../router';
import { ReorderButtons } from './reorder-buttons';
import type { EditorResource } from './types';

/** The order and delete buttons of a module or resource of the outline. */
export function OutlineActions(props: {
  kind: 'module' | 'resource';
  id: string;
  title: string;
  position: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
  deleteText: string;
}) {
  const { kind, title } = props;
  return (
    <div class="actions">
      <ReorderButtons
        idPrefix={`move-${kind}`}
        id={props.id}
        name={`${kind} ${title}`}
        title={title}
        position={props.position}
        count={props.count}
        onMove={props.onMove}
      />
      <button
        type="button"
        class="secondary"
        aria-label={`Delete ${kind} ${title}`}
        onClick={props.onDelete}
      >
        {props.deleteText}
      </button>
    </div>
  );
}

/** One resource of a module: its edit link, what it is, and its order and delete buttons. */
export function ResourceRow(props: {
  pathwayId: string;
  resource: EditorResource;
  position: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
}) {
  const r = props.resource;
  const skills = r.learning?.skills ?? [];
  return (
    <li class="editor-resource" data-editor-resource={r.id}>
      <div class="resource-head">
        <a id={`edit-resource-${r.id}`} href={href('editor', props.pathwayId, 'resources', r.id)}>
          {r.title}
        </a>
        <span class="tag">{r.type}</span>
        {!r.required && <span class="tag">optional</span>}
        {r.requires_upload && <span class="tag">upload</span>}
        {r.quiz && (
          <span class="tag">
            {r.quiz.question_count} questions{r.quiz.has_answer_key ? ', answer key' : ''}
          </span>
        )}
        {skills.map((s) => (
          <span class="tag" key={s.skill_id}>
            {s.skill_id} (level {s.level})
          </span>
        ))}
      </div>
      <OutlineActions
        kind="resource"
        id={r.id}
        title={r.title}
        position={props.position}
        count={props.count}
        onMove={props.onMove}
        onDelete={props.onDelete}
        deleteText="Delete"
      />
    </li>
  );
}
