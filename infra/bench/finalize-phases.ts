/**
 * Pure arithmetic of bench:uploads' finalize breakdown: the handler's time cut into consecutive
 * phases at the moments its steps started and ended, and how much of a window other intervals
 * (event-loop stalls, GC pauses) cover. No I/O, no clock: the bench hands in the times.
 */

/** An interval in ms on one clock (the bench's: ms since the handler started). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Consecutive phases of a handler that ran `totalMs`: each boundary is the moment its phase
 * ends (undefined when that step did not run, so its phase is 0 and the next one starts where
 * the previous ended); what is left after the last boundary is `rest`. Boundaries are clamped
 * to [previous boundary, totalMs], so the phases always add up to `totalMs`.
 */
export function cutIntoPhases<K extends string>(
  totalMs: number,
  boundaries: readonly (readonly [K, number | undefined])[],
): { phases: Record<K, number>; rest: number } {
  const phases = {} as Record<K, number>;
  let at = 0;
  for (const [name, end] of boundaries) {
    const next = end === undefined ? at : Math.min(totalMs, Math.max(at, end));
    phases[name] = next - at;
    at = next;
  }
  return { phases, rest: Math.max(0, totalMs - at) };
}

/** How many ms of `window` the `spans` cover (overlapping spans counted once). */
export function coveredMs(spans: readonly Span[], window: Span): number {
  const clipped = spans
    .map((s) => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let reached = window.start;
  for (const s of clipped) {
    const from = Math.max(s.start, reached);
    if (s.end > from) total += s.end - from;
    reached = Math.max(reached, s.end);
  }
  return total;
}

/** The longest of `spans` inside `window` (clipped to it), 0 if none. */
export function longestMs(spans: readonly Span[], window: Span): number {
  let longest = 0;
  for (const s of spans) {
    const length = Math.min(s.end, window.end) - Math.max(s.start, window.start);
    if (length > longest) longest = length;
  }
  return longest;
}

/**
 * Event-loop stalls seen by a ticker that wanted to run every `periodMs`: each gap between two
 * consecutive ticks longer than `periodMs + thresholdMs` is a stall over that gap (the loop was
 * busy, or the process was not scheduled, for most of it).
 */
export function stallsOf(ticks: readonly number[], periodMs: number, thresholdMs: number): Span[] {
  const stalls: Span[] = [];
  for (let i = 1; i < ticks.length; i += 1) {
    const start = ticks[i - 1] as number;
    const end = ticks[i] as number;
    if (end - start > periodMs + thresholdMs) stalls.push({ start, end });
  }
  return stalls;
}
