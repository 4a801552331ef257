import { randomUUID } from 'node:crypto';
import type { DocumentReference, Query } from 'firebase-admin/firestore';
import { AnalyticsCollections } from '../../../../shared/analytics/model';
import { GenerationCollections as G } from '../../../../shared/generation/model';
import { LearnerCollections } from '../../../../shared/learner/model';
import { ProgressCollections } from '../../../../shared/progress/model';
import { api } from '../../../helpers/api';
import { createUser, type TestUser } from '../../../helpers/auth';
import { buildPathway } from '../../../helpers/catalog';
import { db } from '../../../helpers/services';
import { projectWithSources } from '../../generation/fixture';

/**
 * The fuzzing caller's world: an admin (so every role check passes and the input itself is
 * judged) who owns a published pathway, is enrolled in it with one resource done, and owns a
 * course project. Path parameters name these real documents, so a request that got past its
 * validation would find something to write; `snapshot` reads all of them.
 */
export interface World {
  caller: TestUser;
  ids: Record<string, string>;
  snapshot(): Promise<string>;
}

/** Where a document stands: its path and last update time (every write moves it). */
const stamp = (d: { ref: { path: string }; updateTime?: { valueOf(): string } }) =>
  `${d.ref.path}@${d.updateTime?.valueOf() ?? 'absent'}`;

/** The documents `roots` and what `queries` match, by update time, in one round of reads. */
async function stamps(roots: DocumentReference[], queries: Query[]): Promise<string[]> {
  const [docs, matched] = await Promise.all([
    db().getAll(...roots),
    Promise.all(queries.map((q) => q.select().get())),
  ]);
  return [...docs, ...matched.flatMap((snap) => snap.docs)].map(stamp).sort();
}

export async function buildWorld(): Promise<World> {
  const caller = await createUser('admin', 'fuzz');
  const tree0 = await buildPathway(
    caller.token,
    [{ resources: [{ type: 'video' }, { type: 'article' }] }],
    { publish: true },
  );
  const pathwayId = tree0.pathwayId;
  const [video] = tree0.modules[0]?.resources as [string];
  await api(caller.token).post(`/api/v1/pathways/${pathwayId}/enroll`);
  await api(caller.token).post(`/api/v1/users/me/resources/${video}/complete`);
  const courseId = await projectWithSources(caller, [{ path: 'README.md', content: '# Fuzz\n' }]);
  // The learner model's documents the caller owns: a skill it manages and a goal on it.
  const skillId = `fuzz_${randomUUID().slice(0, 8)}`;
  const skill = await api(caller.token).post('/api/v1/skills', { id: skillId, name: 'Fuzzing' });
  if (skill.status !== 201) throw new Error(`skill: ${JSON.stringify(skill.body)}`);
  const goal = await api(caller.token).post('/api/v1/learning/goals', {
    title: 'Fuzz goal',
    targets: [{ skill_id: skillId, target_level: 5 }],
  });
  if (goal.status !== 201) throw new Error(`goal: ${JSON.stringify(goal.body)}`);
  const enrollment = `${caller.uid}_${pathwayId}`;
  const ids: Record<string, string> = {
    pathway_id: pathwayId,
    module_id: tree0.modules[0]?.id as string,
    resource_id: video,
    course_id: courseId,
    enrollment_id: enrollment,
    user_course_id: enrollment,
    user_id: caller.uid,
    uid: caller.uid,
    submission_id: 'A'.repeat(20),
    certificate_id: '0'.repeat(12),
    stage: 'stage1',
    skill_id: skillId,
    goal_id: goal.body.goal_id as string,
    topic_id: tree0.modules[0]?.id as string,
    // Well-formed ids of documents that do not exist: past validation, a 404.
    assessment_id: 'fuzz-assessment',
    attempt_id: 'A'.repeat(20),
    recommendation_id: '0'.repeat(24),
    archive_id: '00000000-0000-4000-8000-000000000000',
  };
  const d = db();
  const byPathway = (collection: string) =>
    d.collection(collection).where('pathway_id', '==', pathwayId);
  const byUser = (collection: string) =>
    d.collection(collection).where('user_id', '==', caller.uid);
  const enrollmentRef = d.collection(ProgressCollections.enrollments).doc(enrollment);
  const projectRef = d.collection(G.projects).doc(courseId);
  const userRef = d.collection(LearnerCollections.users).doc(caller.uid);
  const snapshot = async () =>
    JSON.stringify(
      await stamps(
        [
          d.collection('pathways').doc(pathwayId),
          enrollmentRef,
          projectRef,
          userRef,
          d.collection('rateLimits').doc(caller.uid),
          d.collection(LearnerCollections.skills).doc(skillId),
          d.collection(LearnerCollections.profiles).doc(caller.uid),
        ],
        [
          // The subcollections the model nests under them (one level deep).
          ...[ProgressCollections.quizAttempts].map((c) => enrollmentRef.collection(c)),
          ...[G.stages, G.sources, G.units].map((c) => projectRef.collection(c)),
          userRef.collection(LearnerCollections.events),
          userRef.collection(AnalyticsCollections.days),
          userRef.collection(AnalyticsCollections.analytics),
          byUser(LearnerCollections.goals),
          byUser(LearnerCollections.recommendations),
          byUser(LearnerCollections.assessmentAttempts),
          byPathway('modules'),
          byPathway('resources'),
          byPathway('quizKeys'),
          byUser('submissions'),
          byUser('certificates'),
          d.collection('mail').where('to', '==', caller.email),
        ],
      ),
    );
  return { caller, ids, snapshot };
}

/** Waits until the world stops changing (events of its setup still arriving), then returns it. */
export async function settledSnapshot(world: World): Promise<string> {
  let last = await world.snapshot();
  for (let i = 0; i < 20; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await world.snapshot();
    if (next === last) return next;
    last = next;
  }
  throw new Error('the fuzzing world never settled');
}
