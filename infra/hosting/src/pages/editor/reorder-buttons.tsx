import { moveButtonId } from './order';

/**
 * The up and down buttons of one item of an ordered list (a module, a resource, a question),
 * disabled at the end they point to. Their ids (`moveButtonId`) are where `moveFocus` puts focus
 * once the list shows the move, so a keyboard user can press again.
 */
export function ReorderButtons(props: {
  /** What the buttons' ids start with: unique per kind of item on the page. */
  idPrefix: string;
  id: string;
  /** The item as the buttons' labels name it ("module Basics", "question 2"). */
  name: string;
  /** The item as the group's label names it. */
  title: string;
  /** From 1. */
  position: number;
  count: number;
  onMove: (by: -1 | 1) => void;
}) {
  const { idPrefix, id, name, position, count } = props;
  return (
    <span class="move" role="group" aria-label={`Order of ${props.title}`}>
      <button
        type="button"
        class="plain"
        id={moveButtonId(idPrefix, 'up', id)}
        disabled={position === 1}
        aria-label={`Move ${name} up`}
        onClick={() => props.onMove(-1)}
      >
        ↑ Up
      </button>
      <button
        type="button"
        class="plain"
        id={moveButtonId(idPrefix, 'down', id)}
        disabled={position === count}
        aria-label={`Move ${name} down`}
        onClick={() => props.onMove(1)}
      >
        ↓ Down
      </button>
    </span>
  );
}
