import type { DocumentReference, Firestore } from 'firebase-admin/firestore';
import { decodeCursor, cursorPage, IdCursor } from '../http/pagination';
import { GrpcStatus, hasCode } from '../platform/grpc';
import { countReads, countWrites } from '../platform/io-stats';

/** Document operations the learner model's repositories share. */

/** Creates the document unless it exists; false when it does. */
export async function createIfAbsent(ref: DocumentReference, doc: object): Promise<boolean> {
  countWrites();
  try {
    await ref.create(doc);
    return true;
  } catch (error) {
    if (hasCode(error, GrpcStatus.ALREADY_EXISTS)) return false;
    throw error;
  }
}

/** Replaces a document with `change(current)` in a transaction; undefined when it is absent. */
export function replaceInTransaction<T extends object>(
  firestore: Firestore,
  ref: DocumentReference,
  change: (doc: T) => T,
): Promise<T | undefined> {
  return firestore.runTransaction(async (tx) => {
    const snap = await tx.get(ref);
    countReads();
    if (!snap.exists) return undefined;
    const next = change(snap.data() as T);
    tx.set(ref, next);
    countWrites();
    return next;
  });
}

/** One page of a list ordered by id, with the cursor of the next page. */
export async function pageById<T>(
  query: { limit: number; page_token?: string | undefined },
  fetch: (limit: number, afterId: string | undefined) => Promise<T[]>,
  idOf: (row: T) => string,
): Promise<{ items: T[]; next_page_token: string | null }> {
  const after = query.page_token ? decodeCursor(query.page_token, IdCursor)[0] : undefined;
  const rows = await fetch(query.limit, after);
  return cursorPage(rows, query.limit, (row) => [idOf(row)]);
}
