import { createHash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

/**
 * Content hashes name checkpoints: a unit's result is reusable exactly when the hash of
 * everything it was computed from is unchanged. Keys are sorted so that two equal inputs built
 * in different orders hash alike; a cycle or a BigInt is a bug and throws.
 */
const canonical = configure({ deterministic: true, circularValue: Error, bigint: false });

/** The version of the generation rules: bump it when a rule changes, and every unit reruns. */
export const RULES_VERSION = 1;

export function contentHash(value: unknown): string {
  const text = canonical(value);
  if (text === undefined) throw new TypeError('contentHash: value has no JSON form');
  return createHash('sha256').update(text).digest('hex');
}

/** The hash of a unit: its kind, the rules' version and its inputs. */
export function unitHash(kind: string, inputs: unknown): string {
  return contentHash({ kind, rules: RULES_VERSION, inputs });
}

/** A short, stable id derived from a hash (catalog ids, quiz question ids). */
export function shortId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${contentHash(parts).slice(0, 16)}`;
}
