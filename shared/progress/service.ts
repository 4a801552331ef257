import {
  FieldPath,
  Timestamp,
  type DocumentReference,
  type Transaction,
} from 'firebase-admin/firestore';
import type { z } from 'zod';
import { hasRole, type Caller } from '../auth';
import { locateModule, locateResource, type ResourceLocation } from '../catalog/outline';
import { canView, type PathwayDoc } from '../catalog/service';
import { failedPrecondition, notFound, permissionDenied } from '../errors';
import { Topic } from '../events';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { db } from '../platform/firebase';
import { countReads, countWrites } from '../platform/io-stats';
import { withKeyLock } from '../platform/key-lock';
import { flushEvents, stageEvents, type OutboxEvent } from '../platform/outbox';
import { submissionBriefs } from '../submissions/views';
import { iso } from '../time';
import { enrollmentId, type EnrollmentDoc, type ResourceState } from './model';
import { applyAttempt, attemptsLeft, scoreAnswers, type ScoredAttempt } from './quiz';
import { ProgressRepository } from './repository';
import { percent, progressChanges, rollup, type ProgressChange } from './rollup';
import type {
  CompleteResponseSchema,
  EnrollmentListSchema,
  EnrollResponseSchema,
  ModuleProgressResponseSchema,
  ProgressBodySchema,
  ProgressResponseSchema,
  QuizAttemptBody,
  QuizAttemptResponseSchema,
  ResetResponseSchema,
  ResourceProgressSchema,
  StartResponseSchema,
} from './schemas';
import { applyAction, type ProgressAction } from './transitions';
import {
  blankEnrollment,
  enrollmentItem,
  moduleView,
  pathwayProgressView,
  quizView,
  resourceProgressView,
  summaryView,
  type SubmissionBrief,
} from './views';

type Out<S extends z.ZodType> = z.input<S>;

export interface ProgressEventData extends Record<string, unknown> {
  type: string;
  event_id: string;
  user_id: string;
  pathway_id: string;
  module_id: string | null;
  resource_id: string | null;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  outline_version: number;
  request_id: string;
  event_time: string;
}

interface ChangeContext {
  tx: Transaction;
  enrollment: EnrollmentDoc;
  ref: DocumentReference;
  now: Timestamp;
}

interface Change {
  /** The resource states this change sets. */
  touched: Record<string, ResourceState>;
  /** Other enrollment fields it sets (e.g. the reset history). */
  patch?: Partial<Pick<EnrollmentDoc, 'resets'>>;
  /** Events beyond the progress changes the rollup reveals, staged in the same commit. */
  events?: (next: EnrollmentDoc, now: Timestamp) => OutboxEvent[];
}

/** Raised inside a transaction when the enrollment is newer than the outline we read. */
class StaleOutline extends Error {}

export interface TransactResult {
  enrollment: EnrollmentDoc;
  changes: ProgressChange[];
  created: boolean;
}

interface Located {
  pathwayId: string;
  pathway: PathwayDoc;
  location: ResourceLocation;
}

/** Deterministic ids: the same change at the same enrollment revision is the same event. */
export function progressEvent(
  change: ProgressChange,
  enrollment: EnrollmentDoc,
  pathway: PathwayDoc,
  requestId: string,
  now: Timestamp,
): OutboxEvent {
  const id = enrollmentId(enrollment.user_id, enrollment.pathway_id);
  const subject = change.resource_id ?? change.module_id ?? enrollment.pathway_id;
  const eventId = `${change.type}:${id}:${subject}:${enrollment.revision}`;
  const moduleId =
    change.module_id ??
    (change.resource_id
      ? locateResource(pathway.outline, change.resource_id)?.module.module_id
      : undefined);
  const data: ProgressEventData = {
    type: change.type,
    event_id: eventId,
    user_id: enrollment.user_id,
    pathway_id: enrollment.pathway_id,
    module_id: moduleId ?? null,
    resource_id: change.resource_id ?? null,
    old: change.old,
    new: change.new,
    outline_version: enrollment.outline_version,
    request_id: requestId,
    event_time: now.toDate().toISOString(),
  };
  return { id: eventId, topic: Topic.progressEvents, data };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class ProgressService {
  constructor(readonly repo: ProgressRepository) {}

  // ------------------------------------------------------------------ access

  /** Learners act for themselves; instructors and admins may act for a learner (seed 001 `userId`). */
  static actingUser(caller: Caller, userId: string | undefined): string {
    if (userId === undefined || userId === caller.uid) return caller.uid;
    if (!hasRole(caller, 'instructor'))
      throw permissionDenied('You may only read or change your own progress');
    return userId;
  }

  async visiblePathway(
    caller: Caller,
    pathwayId: string,
    what = `Pathway ${pathwayId}`,
  ): Promise<PathwayDoc> {
    const pathway = await this.repo.pathway(pathwayId);
    // Unpublished pathways do not exist for learners, and another learner's data never does.
    if (!pathway || !canView(caller, pathway)) throw notFound(what);
    return pathway;
  }

  async locate(caller: Caller, resourceId: string): Promise<Located> {
    for (const fresh of [false, true]) {
      const pathwayId = await this.repo.pathwayIdOf(resourceId, fresh);
      if (!pathwayId) break;
      const pathway = await this.visiblePathway(caller, pathwayId, `Resource ${resourceId}`);
      const location = locateResource(pathway.outline, resourceId);
      if (location) return { pathwayId, pathway, location };
    }
    throw notFound(`Resource ${resourceId}`);
  }

  // ------------------------------------------------------------------ the one write path

  /**
   * Every progress write: one transaction on the learner's enrollment document. `change`
   * returns the resource states it touched; rollups, the resume pointer, the revision and the
   * progress events follow from them. Only changed fields are written. Events are staged in the
   * same commit (outbox) and published after it.
   */
  async transact(args: {
    userId: string;
    pathwayId: string;
    pathway: PathwayDoc;
    requestId: string;
    change: (ctx: ChangeContext) => Promise<Change> | Change;
    /** Start from nothing (reset): previous completion is forgotten. */
    replaceAll?: boolean;
  }): Promise<TransactResult> {
    const ref = this.repo.enrollmentRef(args.userId, args.pathwayId);
    let pathway = args.pathway;
    for (let attempt = 0; ; attempt += 1) {
      let events: OutboxEvent[] = [];
      try {
        const result = await withKeyLock(ref.path, () =>
          this.repo.firestore.runTransaction(async (tx) => {
            events = [];
            const stored = await this.repo.txEnrollment(tx, ref);
            if (stored && stored.outline_version > pathway.outline_version)
              throw new StaleOutline();
            const now = Timestamp.now();
            const base = stored ?? {
              ...blankEnrollment(args.userId, args.pathwayId, pathway),
              enrolled_at: now,
            };
            const change = await args.change({ tx, enrollment: base, ref, now });
            const touched = change.touched;
            const resources = args.replaceAll ? touched : { ...base.resources, ...touched };
            const roll = rollup({
              outline: pathway.outline,
              outlineVersion: pathway.outline_version,
              resources,
              previous: args.replaceAll ? null : base,
              now,
            });
            const anyActivity = Object.keys(touched).length > 0;
            const next: EnrollmentDoc = {
              ...base,
              ...change.patch,
              resources,
              modules: roll.modules,
              pathway: roll.pathway,
              resume: roll.resume,
              outline_version: pathway.outline_version,
              revision: base.revision + 1,
              started_at: args.replaceAll ? null : (base.started_at ?? (anyActivity ? now : null)),
              last_accessed_at: anyActivity ? now : base.last_accessed_at,
              updated_at: now,
            };
            const changes = progressChanges(base, next);
            events = [
              ...changes.map((c) => progressEvent(c, next, pathway, args.requestId, now)),
              ...(change.events?.(next, now) ?? []),
            ];
            if (!stored || args.replaceAll || stored.outline_version !== pathway.outline_version) {
              this.repo.txCreate(tx, ref, next);
            } else {
              this.repo.txUpdate(
                tx,
                ref,
                this.changedFields(stored, next, Object.keys(touched), change.patch),
              );
            }
            stageEvents(tx, events);
            return { enrollment: next, changes, created: !stored };
          }),
        );
        await flushEvents(events);
        return result;
      } catch (error) {
        if (error instanceof StaleOutline && attempt < 3) {
          pathway = (await this.repo.pathway(args.pathwayId)) ?? pathway;
          continue;
        }
        throw error;
      }
    }
  }

  private changedFields(
    before: EnrollmentDoc,
    after: EnrollmentDoc,
    touched: string[],
    patch: Change['patch'],
  ): [FieldPath, unknown][] {
    const fields: [FieldPath, unknown][] = touched.map((id) => [
      new FieldPath('resources', id),
      after.resources[id],
    ]);
    for (const key of Object.keys(patch ?? {}))
      fields.push([new FieldPath(key), after[key as keyof EnrollmentDoc]]);
    for (const [moduleId, aggregate] of Object.entries(after.modules)) {
      if (!sameJson(before.modules[moduleId], aggregate))
        fields.push([new FieldPath('modules', moduleId), aggregate]);
    }
    for (const key of [
      'pathway',
      'resume',
      'revision',
      'started_at',
      'last_accessed_at',
      'updated_at',
    ] as const) {
      if (!sameJson(before[key], after[key])) fields.push([new FieldPath(key), after[key]]);
    }
    return fields;
  }

  /** Applies one status-machine action to one resource for the caller (or a learner they act for). */
  async act(
    caller: Caller,
    resourceId: string,
    action: ProgressAction,
    requestId: string,
    userId = caller.uid,
  ): Promise<TransactResult & Located> {
    const located = await this.locate(caller, resourceId);
    const result = await this.transact({
      userId,
      pathwayId: located.pathwayId,
      pathway: located.pathway,
      requestId,
      change: ({ enrollment, now }) => ({
        touched: {
          [resourceId]: applyAction(
            located.location.resource,
            enrollment.resources[resourceId],
            action,
            now,
          ),
        },
      }),
    });
    return { ...result, ...located };
  }

  private static moduleOf(result: TransactResult & Located) {
    return result.enrollment.modules[result.location.module.module_id];
  }

  // ------------------------------------------------------------------ seed 000 endpoints

  async enroll(
    caller: Caller,
    pathwayId: string,
    requestId: string,
  ): Promise<Out<typeof EnrollResponseSchema>> {
    const pathway = await this.visiblePathway(caller, pathwayId);
    const existing = await this.repo.enrollment(caller.uid, pathwayId);
    if (existing && existing.outline_version >= pathway.outline_version) {
      return { ...enrollmentItem(existing, pathway), created: false };
    }
    const result = await this.transact({
      userId: caller.uid,
      pathwayId,
      pathway,
      requestId,
      change: () => ({ touched: {} }),
    });
    return { ...enrollmentItem(result.enrollment, pathway), created: result.created };
  }

  async start(
    caller: Caller,
    resourceId: string,
    notes: string | undefined,
    requestId: string,
  ): Promise<Out<typeof StartResponseSchema>> {
    const result = await this.act(caller, resourceId, { kind: 'start', notes }, requestId);
    const state = result.enrollment.resources[resourceId];
    return {
      resource_id: resourceId,
      status: state?.status ?? 'in_progress',
      started_at: iso(state?.started_at),
    };
  }

  async view(
    caller: Caller,
    resourceId: string,
    requestId: string,
  ): Promise<Out<typeof ResourceProgressSchema>> {
    await this.act(caller, resourceId, { kind: 'view' }, requestId);
    return this.resourceProgress(caller, resourceId);
  }

  async updateProgress(
    caller: Caller,
    resourceId: string,
    body: z.output<typeof ProgressBodySchema>,
    requestId: string,
  ): Promise<Out<typeof ProgressResponseSchema>> {
    const result = await this.act(caller, resourceId, { kind: 'progress', ...body }, requestId);
    const state = result.enrollment.resources[resourceId] as ResourceState;
    const module = ProgressService.moduleOf(result);
    return {
      resource_id: resourceId,
      status: state.status,
      progress_percentage: state.progress_percentage,
      time_spent_minutes: state.time_spent_minutes,
      completed_at: iso(state.completed_at),
      module_progress: module?.module_progress ?? 0,
      module_completed: module?.completed ?? false,
      pathway_progress: result.enrollment.pathway.pathway_progress,
    };
  }

  async complete(
    caller: Caller,
    resourceId: string,
    requestId: string,
  ): Promise<Out<typeof CompleteResponseSchema>> {
    const result = await this.act(caller, resourceId, { kind: 'complete' }, requestId);
    const state = result.enrollment.resources[resourceId] as ResourceState;
    const module = ProgressService.moduleOf(result);
    return {
      resource_id: resourceId,
      status: state.status,
      completed_at: iso(state.completed_at),
      module_progress: module?.module_progress ?? 0,
      pathway_progress: result.enrollment.pathway.pathway_progress,
      module_completed: module?.completed ?? false,
      pathway_completed: result.enrollment.pathway.completed_at !== null,
    };
  }

  private submissions(
    userId: string,
    pathwayId: string,
    resourceId?: string,
  ): Promise<Map<string, SubmissionBrief[]>> {
    return submissionBriefs(this.repo.firestore, userId, pathwayId, resourceId);
  }

  async pathwayProgress(caller: Caller, pathwayId: string, userId = caller.uid) {
    const pathway = await this.visiblePathway(caller, pathwayId);
    const [stored, submissions] = await Promise.all([
      this.repo.enrollment(userId, pathwayId),
      this.submissions(userId, pathwayId),
    ]);
    return {
      pathway,
      stored,
      enrollment: stored ?? blankEnrollment(userId, pathwayId, pathway),
      submissions,
    };
  }

  async getPathwayProgress(caller: Caller, pathwayId: string) {
    const { pathway, stored, enrollment, submissions } = await this.pathwayProgress(
      caller,
      pathwayId,
    );
    return pathwayProgressView(enrollment, pathway, stored !== undefined, submissions);
  }

  async resourceProgress(
    caller: Caller,
    resourceId: string,
  ): Promise<Out<typeof ResourceProgressSchema>> {
    const { pathwayId, pathway, location } = await this.locate(caller, resourceId);
    const [stored, submissions, resource] = await Promise.all([
      this.repo.enrollment(caller.uid, pathwayId),
      location.resource.requires_upload
        ? this.submissions(caller.uid, pathwayId, resourceId)
        : Promise.resolve(new Map()),
      location.resource.type === 'quiz'
        ? this.repo.resource(resourceId)
        : Promise.resolve(undefined),
    ]);
    return resourceProgressView({
      enrollment: stored ?? blankEnrollment(caller.uid, pathwayId, pathway),
      module: location.module,
      entry: location.resource,
      quiz: resource?.quiz ?? null,
      submissions: submissions.get(resourceId) ?? [],
    });
  }

  // ------------------------------------------------------------------ seed 004 in the same model

  async summary(caller: Caller, pathwayId: string) {
    const pathway = await this.visiblePathway(caller, pathwayId);
    const stored = await this.repo.enrollment(caller.uid, pathwayId);
    return summaryView(stored ?? blankEnrollment(caller.uid, pathwayId, pathway), pathway);
  }

  async moduleProgress(
    caller: Caller,
    pathwayId: string,
    moduleId: string,
  ): Promise<Out<typeof ModuleProgressResponseSchema>> {
    const { pathway, enrollment, submissions } = await this.pathwayProgress(caller, pathwayId);
    const module = locateModule(pathway.outline, moduleId)?.module;
    if (!module) throw notFound(`Module ${moduleId} in pathway ${pathwayId}`);
    return {
      ...moduleView(enrollment, module, submissions),
      pathway_id: pathwayId,
      user_id: caller.uid,
    };
  }

  async listEnrollments(
    caller: Caller,
    limit: number,
    pageToken: string | undefined,
  ): Promise<Out<typeof EnrollmentListSchema>> {
    let query = this.repo.firestore
      .collection('enrollments')
      .where('user_id', '==', caller.uid)
      .orderBy(FieldPath.documentId());
    if (pageToken) query = query.startAfter(String(decodeCursor(pageToken, 1)[0]));
    const snap = await query.limit(limit + 1).get();
    countReads(snap.size);
    const docs = snap.docs.slice(0, limit);
    const pathways = await this.repo.pathways(
      docs.map((d) => (d.data() as EnrollmentDoc).pathway_id),
    );
    const items = docs.flatMap((d, i) => {
      const pathway = pathways[i];
      // Enrollments stay when a pathway is unpublished; they are listed again if it comes back.
      return pathway && canView(caller, pathway)
        ? [enrollmentItem(d.data() as EnrollmentDoc, pathway)]
        : [];
    });
    const last = docs[docs.length - 1];
    return {
      enrollments: items,
      next_page_token: snap.size > limit && last ? encodeCursor([last.id]) : null,
    };
  }

  // ------------------------------------------------------------------ quizzes

  async quizAttempt(
    caller: Caller,
    resourceId: string,
    body: QuizAttemptBody,
    requestId: string,
    userId = caller.uid,
  ): Promise<Out<typeof QuizAttemptResponseSchema>> {
    const located = await this.locate(caller, resourceId);
    if (located.location.resource.type !== 'quiz') {
      throw failedPrecondition(`Resource ${resourceId} is not a quiz`);
    }
    const resource = await this.repo.resource(resourceId);
    const quiz = resource?.quiz;
    if (!quiz) throw failedPrecondition(`Resource ${resourceId} has no quiz settings`);
    let scored: ScoredAttempt;
    let answerKey: Record<string, number[]> = {};
    if (body.answers) {
      if (!quiz.has_answer_key) {
        throw failedPrecondition(
          'This quiz has no answer key: report a score and max_score instead',
          [{ path: 'answers', message: 'Not accepted for a quiz without an answer key' }],
        );
      }
      answerKey = (await this.repo.quizKey(resourceId))?.answers ?? {};
      scored = scoreAnswers(quiz, answerKey, body.answers);
    } else {
      if (quiz.has_answer_key) {
        throw failedPrecondition('This quiz is scored by the server: send answers', [
          {
            path: 'score',
            message: 'A client-reported score is accepted only for quizzes without an answer key',
          },
        ]);
      }
      const score = body.score ?? 0;
      const max = body.max_score ?? 1;
      scored = { score, max_score: max, percentage: percent(score, max), results: [] };
    }

    let attemptNumber = 0;
    const result = await this.transact({
      userId,
      pathwayId: located.pathwayId,
      pathway: located.pathway,
      requestId,
      change: ({ tx, enrollment, ref, now }) => {
        const state = enrollment.resources[resourceId];
        const quizState = applyAttempt(state?.quiz ?? null, scored, quiz, now);
        attemptNumber = quizState.attempts;
        countWrites();
        tx.create(ref.collection('quizAttempts').doc(`${resourceId}-${attemptNumber}`), {
          user_id: userId,
          pathway_id: located.pathwayId,
          resource_id: resourceId,
          attempt_number: attemptNumber,
          answers: body.answers ?? null,
          reported: body.answers ? null : { score: scored.score, max_score: scored.max_score },
          score: scored.score,
          max_score: scored.max_score,
          percentage: scored.percentage,
          passed: scored.percentage >= quiz.passing_score,
          results: scored.results,
          request_id: requestId,
          created_at: now,
        });
        return {
          touched: {
            [resourceId]: applyAction(
              located.location.resource,
              state,
              { kind: 'quiz', quiz: quizState },
              now,
            ),
          },
        };
      },
    });
    const state = result.enrollment.resources[resourceId] as ResourceState;
    const quizState = state.quiz;
    const reveal = (quizState?.passed ?? false) || attemptsLeft(quizState, quiz) === 0;
    return {
      attempt_id: `${resourceId}-${attemptNumber}`,
      attempt_number: attemptNumber,
      resource_id: resourceId,
      score: scored.score,
      max_score: scored.max_score,
      percentage: scored.percentage,
      passed: scored.percentage >= quiz.passing_score,
      results: scored.results.map((r) =>
        reveal ? { ...r, correct_options: answerKey[r.question_id] ?? [] } : r,
      ),
      quiz: quizView(quizState, quiz),
      status: state.status,
      module_progress:
        result.enrollment.modules[located.location.module.module_id]?.module_progress ?? 0,
      pathway_progress: result.enrollment.pathway.pathway_progress,
    };
  }

  // ------------------------------------------------------------------ reset

  async reset(
    caller: Caller,
    pathwayId: string,
    requestId: string,
    userId = caller.uid,
  ): Promise<Out<typeof ResetResponseSchema>> {
    const pathway = await this.visiblePathway(caller, pathwayId);
    const cleared = {
      resources: 0,
      completed_resources: 0,
      quiz_attempts: 0,
      time_spent_minutes: 0,
      pathway_completed: false,
    };
    const ref = this.repo.enrollmentRef(userId, pathwayId);
    const stored = await this.repo.enrollment(userId, pathwayId);
    if (!stored) return { pathway_id: pathwayId, user_id: userId, reset: true, cleared };
    await this.transact({
      userId,
      pathwayId,
      pathway,
      requestId,
      replaceAll: true,
      change: async ({ tx, enrollment, now }) => {
        const attempts = await tx.get(ref.collection('quizAttempts'));
        countReads(attempts.size);
        for (const doc of attempts.docs) tx.delete(doc.ref);
        countWrites(attempts.size);
        const states = Object.values(enrollment.resources);
        cleared.resources = states.length;
        cleared.completed_resources = states.filter(
          (s) => s.status === 'completed' || s.status === 'submitted',
        ).length;
        cleared.quiz_attempts = attempts.size;
        cleared.time_spent_minutes = enrollment.pathway.total_time_spent_minutes;
        cleared.pathway_completed = enrollment.pathway.completed_at !== null;
        const before = {
          pathway_progress: enrollment.pathway.pathway_progress,
          completed: cleared.pathway_completed,
        };
        return {
          touched: {},
          patch: {
            resets: [
              ...enrollment.resets,
              {
                at: now,
                by: caller.uid,
                cleared_resources: cleared.resources,
                cleared_quiz_attempts: cleared.quiz_attempts,
              },
            ],
          },
          events: (next, at) => {
            const eventId = `progress_reset:${enrollmentId(userId, pathwayId)}:${next.revision}`;
            const data: ProgressEventData = {
              type: 'progress_reset',
              event_id: eventId,
              user_id: userId,
              pathway_id: pathwayId,
              module_id: null,
              resource_id: null,
              old: before,
              new: { pathway_progress: next.pathway.pathway_progress, completed: false },
              outline_version: next.outline_version,
              request_id: requestId,
              event_time: at.toDate().toISOString(),
            };
            return [{ id: eventId, topic: Topic.progressEvents, data }];
          },
        };
      },
    });
    return { pathway_id: pathwayId, user_id: userId, reset: true, cleared };
  }
}

let instance: ProgressService | undefined;
export function progress(): ProgressService {
  instance ??= new ProgressService(new ProgressRepository(db()));
  return instance;
}
