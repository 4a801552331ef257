/** Builds a value on first read and keeps it. */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

/** Defines a lazily built object: each property is built on first read. */
export function lazy<T extends object>(builders: { [K in keyof T]: () => T[K] }): T {
  const target = {} as T;
  for (const key of Object.keys(builders) as (keyof T)[]) {
    const get = once(builders[key]);
    Object.defineProperty(target, key, { get, enumerable: true });
  }
  return target;
}
