/**
 * Serialises work on one key inside this process. Firestore transactions stay the guarantee
 * across instances; this only stops one instance from racing itself into lock contention
 * (many concurrent transactions on one document abort each other and exhaust their retries,
 * where queueing them costs one short transaction each).
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, settled);
  try {
    return await run;
  } finally {
    if (tails.get(key) === settled) tails.delete(key);
  }
}
