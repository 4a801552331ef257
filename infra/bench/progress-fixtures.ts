/**
 * The progress benchmarks' fixtures, written straight to Firestore: a published pathway of any
 * size, and enrollments with some of its resources completed and their rollups computed as the
 * product computes them.
 */
import { randomUUID } from 'node:crypto';
import { Timestamp, type Firestore } from 'firebase-admin/firestore';
import {
  CatalogCollections,
  type Outline,
  type PathwayDoc,
  type ResourceDoc,
} from '../../shared/catalog/model';
import {
  emptyResourceState,
  enrollmentId,
  ProgressCollections,
  type EnrollmentDoc,
  type ResourceState,
} from '../../shared/progress/model';
import { rollup } from '../../shared/progress/rollup';
import { newDraftPathway } from '../../shared/catalog/new-pathway';

export interface FixturePathway {
  id: string;
  outline: Outline;
  resourceIds: string[];
}

/** Writes a published pathway of `size` resources (modules of ten) straight to Firestore. */
export async function fixturePathway(db: Firestore, size: number): Promise<FixturePathway> {
  const id = `bench-${size}-${randomUUID().slice(0, 6)}`;
  const now = Timestamp.now();
  const outline: Outline = { modules: [] };
  const writer = db.bulkWriter();
  const resourceIds: string[] = [];
  for (let m = 0; m * 10 < size; m += 1) {
    const moduleId = `${id}-m${m + 1}`;
    const resources = [];
    for (let r = 0; r < Math.min(10, size - m * 10); r += 1) {
      const resourceId = `${moduleId}-r${r + 1}`;
      resourceIds.push(resourceId);
      const doc: ResourceDoc = {
        pathway_id: id,
        module_id: moduleId,
        type: 'article',
        title: `Resource ${resourceId}`,
        description: null,
        url: null,
        duration_minutes: 10,
        required: true,
        requires_upload: false,
        accepted_file_types: null,
        max_file_size_mb: null,
        quiz: null,
        created_at: now,
        updated_at: now,
      };
      void writer.set(db.collection(CatalogCollections.resources).doc(resourceId), doc);
      resources.push({
        resource_id: resourceId,
        type: 'article' as const,
        title: doc.title,
        required: true,
        duration_minutes: 10,
        requires_upload: false,
      });
    }
    void writer.set(db.collection(CatalogCollections.modules).doc(moduleId), {
      pathway_id: id,
      title: `Module ${m + 1}`,
      description: null,
      required_count: null,
      created_at: now,
      updated_at: now,
    });
    outline.modules.push({
      module_id: moduleId,
      title: `Module ${m + 1}`,
      required_count: null,
      resources,
    });
  }
  const pathway: PathwayDoc = {
    ...newDraftPathway(
      { title: `Bench ${size}`, description: null, difficulty: null },
      'bench',
      now,
    ),
    status: 'published',
    outline,
    published_at: now,
  };
  void writer.set(db.collection(CatalogCollections.pathways).doc(id), pathway);
  await writer.close();
  return { id, outline, resourceIds };
}

/** An enrollment with `completed` done, its rollups computed as the product computes them. */
export function enrollmentWith(
  userId: string,
  pathwayId: string,
  outline: Outline,
  completed: string[],
  now: Timestamp,
): EnrollmentDoc {
  const resources: Record<string, ResourceState> = {};
  for (const resourceId of completed) {
    resources[resourceId] = {
      ...emptyResourceState(now),
      status: 'completed',
      progress_percentage: 100,
      completed_at: now,
      started_at: now,
    };
  }
  const roll = rollup({ outline, outlineVersion: 1, resources, previous: null, now });
  return {
    user_id: userId,
    pathway_id: pathwayId,
    enrolled_at: now,
    started_at: now,
    last_accessed_at: now,
    outline_version: 1,
    revision: 1,
    resources,
    modules: roll.modules,
    pathway: roll.pathway,
    resume: roll.resume,
    resets: [],
    updated_at: now,
  };
}

/**
 * `count` enrollments of the pathway, learner i having completed its first `i mod (n + 1)`
 * resources (learner ids `{prefix}-{i}`), written with a bulk writer.
 */
export async function fixtureEnrollments(
  db: Firestore,
  pathway: FixturePathway,
  count: number,
  prefix: string,
): Promise<void> {
  const now = Timestamp.now();
  const writer = db.bulkWriter();
  for (let i = 0; i < count; i += 1) {
    const userId = `${prefix}-${i}`;
    const enrollment = enrollmentWith(
      userId,
      pathway.id,
      pathway.outline,
      pathway.resourceIds.slice(0, i % (pathway.resourceIds.length + 1)),
      now,
    );
    void writer.set(
      db.collection(ProgressCollections.enrollments).doc(enrollmentId(userId, pathway.id)),
      enrollment,
    );
  }
  await writer.close();
}
