import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../../../shared/auth';
import type { PathwayDoc } from '../../../shared/catalog/model';

/** Callers and catalog documents for unit tests of access rules and use cases. */
export const caller = (role: Caller['role'], uid = `${role}-1`): Caller => ({
  uid,
  role,
  email: undefined,
  name: undefined,
});

export function pathwayDoc(overrides: Partial<PathwayDoc> = {}): PathwayDoc {
  const now = Timestamp.fromMillis(0);
  return {
    title: 'P',
    description: null,
    difficulty: null,
    status: 'published',
    owner_uid: 'instructor-1',
    outline: { modules: [] },
    outline_version: 1,
    created_at: now,
    updated_at: now,
    published_at: now,
    archived_at: null,
    ...overrides,
  };
}
