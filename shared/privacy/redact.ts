/**
 * Free text that may name a deleted account's owner (review comments, notes, audit details):
 * every occurrence of their email or name is replaced, however it is cased. Pure, so the rules
 * are unit-tested; the erasure applies them to every string of the documents it keeps.
 */

export const REDACTED = '[deleted user]';

/** Who to look for: the address, the full name, and its words of three letters or more. */
export function identifiersOf(person: { email: string | null; name: string | null }): string[] {
  const found = new Set<string>();
  const email = person.email?.trim();
  if (email) {
    found.add(email);
    const local = email.split('@')[0];
    if (local && local.length >= 3) found.add(local);
  }
  const name = person.name?.trim();
  if (name) {
    found.add(name);
    for (const word of name.split(/[\s,]+/)) if (word.length >= 3) found.add(word);
  }
  // Longest first, so "Ada Lovelace" is replaced whole before "Ada" alone.
  return [...found].sort((a, b) => b.length - a.length);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function redactText(text: string, identifiers: readonly string[]): string {
  if (identifiers.length === 0) return text;
  const pattern = new RegExp(identifiers.map(escape).join('|'), 'gi');
  return text.replace(pattern, REDACTED);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Every string inside a value, redacted; objects and arrays are copied, everything else
 * (numbers, Firestore timestamps) is kept as it is.
 */
export function redactValue<T>(value: T, identifiers: readonly string[]): T {
  if (typeof value === 'string') return redactText(value, identifiers) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, identifiers)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactValue(v, identifiers)]),
    ) as T;
  }
  return value;
}

/**
 * A submitted file's name once its owner is gone: a name often carries its author's
 * (`ada-lovelace-cv.pdf`), so only the extension is kept.
 */
export function anonymousFileName(fileName: string): string {
  const ext = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1];
  return ext ? `file.${ext.toLowerCase()}` : 'file';
}
