/** `ids` with `id` moved `by` places (−1 earlier, +1 later), kept within the list. */
export function moved(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = Math.max(0, Math.min(ids.length - 1, from + by));
  if (from < 0 || from === to) return [...ids];
  const out = ids.filter((x) => x !== id);
  out.splice(to, 0, id);
  return out;
}

/** The id of an item's move button: `${prefix}-up-${id}` or `${prefix}-down-${id}`. */
export function moveButtonId(prefix: string, direction: 'up' | 'down', id: string): string {
  return `${prefix}-${direction}-${id}`;
}

/**
 * Where focus goes after moving an item to `position` (from 0) of `count`: the button pressed,
 * or the other one at either end, where the pressed one is disabled.
 */
export function moveFocus(
  prefix: string,
  id: string,
  by: -1 | 1,
  position: number,
  count: number,
): string {
  const direction =
    position === 0 ? 'down' : position === count - 1 ? 'up' : by < 0 ? 'up' : 'down';
  return moveButtonId(prefix, direction, id);
}
