import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every Firestore collection the code names, read from its source: the `…Collections` objects of
 * the feature models and the `…_COLLECTION` constants. A collection added anywhere under shared/
 * shows up here, so the rules tests fail until it has an expectation.
 */
const root = path.resolve(__dirname, '../../shared');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') ? [full] : [];
  });
}

export function declaredCollections(): { names: string[]; unresolved: string[] } {
  const texts = sources(root).map((file) => readFileSync(file, 'utf8'));
  const constants = new Map<string, string>();
  for (const text of texts) {
    for (const m of text.matchAll(/export const (\w+_COLLECTION) = '([^']+)'/g))
      constants.set(m[1] as string, m[2] as string);
  }
  const names = new Set(constants.values());
  /** Each `…Collections` object's entries: a name, or a reference to a constant or another entry. */
  const objects = new Map<string, Map<string, string>>();
  for (const text of texts) {
    for (const m of text.matchAll(/export const (\w+Collections) = \{([^}]*)\}/g)) {
      const entries = new Map<string, string>();
      for (const entry of (m[2] as string).matchAll(/(\w+):\s*('[^']+'|[\w.]+)/g))
        entries.set(entry[1] as string, entry[2] as string);
      objects.set(m[1] as string, entries);
    }
  }
  const resolve = (value: string): string | undefined => {
    if (value.startsWith("'")) return value.slice(1, -1);
    const [object, key] = value.split('.');
    if (key === undefined) return constants.get(value);
    const target = objects.get(object as string)?.get(key);
    return target === undefined || target.includes('.') ? undefined : resolve(target);
  };
  const unresolved: string[] = [];
  for (const [object, entries] of objects) {
    for (const [key, value] of entries) {
      const name = resolve(value);
      if (name) names.add(name);
      else unresolved.push(`${object}.${key}: ${value}`);
    }
  }
  return { names: [...names].sort(), unresolved };
}

/**
 * What `.collection(…)` is called with anywhere in shared/ and functions/: a constant of the
 * models (resolved above), never a string of its own that would escape the list.
 */
export function collectionArguments(): string[] {
  const dirs = [root, path.resolve(__dirname, '../../functions')];
  return dirs
    .flatMap(sources)
    .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\.collection\(([^)]*)\)/g)])
    .map((m) => (m[1] as string).trim());
}
