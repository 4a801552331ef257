import { href } from '../../router';
import type { EditorResource } from './types';

/** The move buttons of a module or resource; disabled at the end they point to. */
export function MoveButtons(props: {
  kind: 'module' | 'resource';
  id: string;
  title: string;
  position: number;
  count: number;
  onMove: (by: -1 | 1) => void;
}) {
  const { kind, id, title, position, count } = props;
  return (
    <span class="move" role="group" aria-label={`Order of ${title}`}>
      <button
        type="button"
        class="plain"
        id={`move-${kind}-up-${id}`}
        disabled={position === 1}
        aria-label={`Move ${kind} ${title} up`}
        onClick={() => props.onMove(-1)}
      >
        ↑ Up
      </button>
      <button
        type="button"
        class="plain"
        id={`move-${kind}-down-${id}`}
        disabled={position === count}
        aria-label={`Move ${kind} ${title} down`}
        onClick={() => props.onMove(1)}
      >
        ↓ Down
      </button>
    </span>
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
      <div class="actions">
        <MoveButtons
          kind="resource"
          id={r.id}
          title={r.title}
          position={props.position}
          count={props.count}
          onMove={props.onMove}
        />
        <button
          type="button"
          class="secondary"
          aria-label={`Delete resource ${r.title}`}
          onClick={props.onDelete}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
