/**
 * Which delivered events a learner's model has folded (pure rules of the refold). A refold folds
 * the stream after the last folded id, so an event whose id sorts below it was either folded by
 * an earlier refold (it was stored before that refold read the stream) or arrived late and must
 * be folded by a replay. The profile keeps the newest folded ids to tell the two apart: without
 * them, every redelivery and every delivery whose event another delivery's refold had already
 * folded looked late, and each replayed the learner's whole stream.
 */

/** How many of the newest folded ids a profile keeps (about 15 KB): a learner's bursts fit. */
export const FOLDED_IDS_KEPT = 200;

/** The newest `keep` ids of what was kept and what a refold just folded, ascending. */
export function recentFolded(
  kept: readonly string[],
  folded: readonly string[],
  keep = FOLDED_IDS_KEPT,
): string[] {
  const all = [...new Set([...kept, ...folded])].sort();
  return all.slice(Math.max(0, all.length - keep));
}

/**
 * The delivered ids the model has not folded although they sort below its last folded id: late
 * events. An id below the kept window cannot be told apart, and counts as late (a replay is
 * always correct, only slower).
 */
export function lateIds(
  delivered: readonly string[],
  last: string | null,
  kept: readonly string[],
): string[] {
  if (last === null) return [];
  const folded = new Set(kept);
  return delivered.filter((id) => id < last && !folded.has(id));
}
