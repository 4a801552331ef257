/**
 * Additive documents: a learner's analytics documents are sums of per-event parts, so folding
 * events needs no read and no order. Pure. In a part, a number is added to what is there (in
 * Firestore, `FieldValue.increment`), a plain object is merged key by key, and anything else (a
 * string, a boolean, null, an array) is written as is — parts only ever write the same such
 * value to the same place, so the result does not depend on the order parts arrive in.
 */

export type Part = { [key: string]: PartValue };
export type PartValue = number | string | boolean | null | readonly unknown[] | Part;

const isPart = (value: unknown): value is Part =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Adds `part` into `target`, in place (fresh objects where `target` has none). */
export function addInto(target: Record<string, unknown>, part: Part): void {
  for (const [key, value] of Object.entries(part)) {
    const current = target[key];
    if (typeof value === 'number')
      target[key] = (typeof current === 'number' ? current : 0) + value;
    else if (isPart(value)) {
      const nested = isPart(current) ? current : {};
      addInto(nested, value);
      target[key] = nested;
    } else target[key] = value;
  }
}

/** `target` with `part` added in (a new object; `target` is left as it was). */
export function addPart<T extends object>(target: T | null, part: Part): T {
  const next = structuredClone(target ?? {}) as Record<string, unknown>;
  addInto(next, part);
  return next as T;
}

/** The part with every number turned into `increment(n)`: what a merging `set` writes. */
export function toWrite(part: Part, increment: (n: number) => unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(part).map(([key, value]) => [
      key,
      typeof value === 'number'
        ? increment(value)
        : isPart(value)
          ? toWrite(value, increment)
          : value,
    ]),
  );
}
