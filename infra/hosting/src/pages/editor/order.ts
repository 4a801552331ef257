/** `ids` with `id` moved `by` places (−1 earlier, +1 later), kept within the list. */
export function moved(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = Math.max(0, Math.min(ids.length - 1, from + by));
  if (from < 0 || from === to) return [...ids];
  const out = ids.filter((x) => x !== id);
  out.splice(to, 0, id);
  return out;
}

/** Where focus goes after moving an item: its own button, or the other one at either end. */
export function moveFocus(
  kind: 'module' | 'resource',
  id: string,
  by: -1 | 1,
  position: number,
  count: number,
): string {
  const direction =
    position === 0 ? 'down' : position === count - 1 ? 'up' : by < 0 ? 'up' : 'down';
  return `move-${kind}-${direction}-${id}`;
}
