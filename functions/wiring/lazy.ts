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

/**
 * Stands for the object `build` makes, built on first use of any property. The composition root
 * hands a feature's services to others before anyone needs them, and a feature's modules are
 * loaded only once a function touches it: each deployed function loads what it uses.
 */
export function deferred<T extends object>(build: () => T): T {
  const target = once(build);
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // A proxy may report an own property only as configurable unless its target has it.
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}
