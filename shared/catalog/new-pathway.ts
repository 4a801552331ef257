import type { Timestamp } from 'firebase-admin/firestore';
import type { PathwayDoc } from './model';
import { emptyOutline } from './outline';

/**
 * A pathway as it is first stored, by an instructor's create or a generated draft's import: its
 * owner's draft, with no modules yet, at outline version 1.
 */
export function newDraftPathway(
  fields: Pick<PathwayDoc, 'title' | 'description' | 'difficulty'> &
    Partial<Pick<PathwayDoc, 'learning'>>,
  ownerUid: string,
  now: Timestamp,
): PathwayDoc {
  return {
    ...fields,
    status: 'draft',
    owner_uid: ownerUid,
    outline: emptyOutline(),
    outline_version: 1,
    created_at: now,
    updated_at: now,
    published_at: null,
    archived_at: null,
  };
}
