import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../../../shared/auth';
import type { Outline, OutlineResource, PathwayDoc } from '../../../shared/catalog/model';

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

/** An outline entry: a required ten-minute video without uploads, unless `overrides` say. */
export function outlineResource(
  id: string,
  overrides: Partial<OutlineResource> = {},
): OutlineResource {
  return {
    resource_id: id,
    type: 'video',
    title: id,
    required: true,
    duration_minutes: 10,
    requires_upload: false,
    ...overrides,
  };
}

/** An outline of one module of required five-minute articles. */
export function oneModuleOutline(moduleId: string, resourceIds: string[]): Outline {
  return {
    modules: [
      {
        module_id: moduleId,
        title: moduleId,
        required_count: null,
        resources: resourceIds.map((id) =>
          outlineResource(id, { type: 'article', duration_minutes: 5 }),
        ),
      },
    ],
  };
}
