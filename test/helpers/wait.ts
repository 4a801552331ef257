/** Polls until `read` gives a value `done` accepts, or fails with the last value seen. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(
        `condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}
