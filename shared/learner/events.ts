import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IsoDateTime } from '../schemas/common';
import { ItemDifficultySchema, LevelSchema, SkillIdSchema } from './skills';

/**
 * The learner event model: every fact the learner model derives anything from, once, in a
 * per-learner, time-ordered stream (`users/{uid}/events/{id}`, see model.ts).
 *
 * Events are immutable and self-contained: a quiz attempt carries each question's skills and
 * difficulty as they were when it was answered, so replaying the stream reproduces every level
 * even after the catalog changes.
 *
 * Ids are deterministic and sort by time: `20260115T093000.123Z_quiz_attempted_<hash>`, the hash
 * taken over the learner, the kind and the id of the fact's source (a progress event id, a quiz
 * attempt id…). A redelivered message maps to the same id, so storing is idempotent; ordering
 * the learner's documents by id is ordering them by time, with no index.
 */

const Id = z.string().min(1).max(200);
const Percentage = z.number().min(0).max(100);

/** One answered question, as the estimator needs it. */
export const ResponseSchema = z.strictObject({
  question_id: Id,
  correct: z.boolean(),
  skills: z.array(SkillIdSchema).max(5),
  difficulty: ItemDifficultySchema,
  /** Probability of a right answer by pure chance (1/options for single choice). */
  guessing: z.number().min(0).max(0.5),
});
export type Response = z.infer<typeof ResponseSchema>;

const Where = {
  pathway_id: Id,
  module_id: Id.nullable(),
  resource_id: Id,
};

const kinds = {
  viewed: z.strictObject({ ...Where }),
  started: z.strictObject({ ...Where }),
  progressed: z.strictObject({
    ...Where,
    progress_percentage: Percentage,
    /** Totals after the change, and how much this change added. */
    time_spent_minutes: z.number().min(0),
    time_added_minutes: z.number().min(0),
    position_seconds: z.number().min(0).nullable(),
    previous_position_seconds: z.number().min(0).nullable(),
    watch_time_seconds: z.number().min(0).nullable(),
  }),
  completed: z.strictObject({
    scope: z.enum(['resource', 'module', 'pathway']),
    pathway_id: Id,
    module_id: Id.nullable(),
    resource_id: Id.nullable(),
  }),
  /** An upload resource moved to `submitted` (awaiting review; counts as done). */
  submitted: z.strictObject({ ...Where }),
  /** A done resource is open again (review rejected, quiz policy). */
  reopened: z.strictObject({ ...Where, previous_status: z.enum(['completed', 'submitted']) }),
  progress_reset: z.strictObject({ pathway_id: Id }),
  quiz_attempted: z.strictObject({
    ...Where,
    attempt_number: z.number().int().min(1),
    score: z.number().min(0),
    max_score: z.number().positive(),
    percentage: Percentage,
    passing_score: Percentage,
    passed: z.boolean(),
    /** Empty for quizzes scored by the client (no answer key): levels then ignore the attempt. */
    responses: z.array(ResponseSchema).max(200),
    /** The quiz's own skills, for revision when there are no per-question results. */
    skills: z.array(SkillIdSchema).max(20),
  }),
  submission_uploaded: z.strictObject({
    ...Where,
    submission_id: Id,
    attempt_number: z.number().int().min(1),
    content_type: z.string().max(200),
    size_bytes: z.number().int().min(0),
  }),
  submission_reviewed: z.strictObject({
    ...Where,
    submission_id: Id,
    approved: z.boolean(),
    grade: z.string().max(50).nullable(),
    stale_attempt: z.boolean(),
  }),
  assessment_attempted: z.strictObject({
    assessment_id: Id,
    attempt_id: Id,
    title: z.string().max(200),
    score: z.number().min(0),
    max_score: z.number().positive(),
    percentage: Percentage,
    responses: z.array(ResponseSchema).min(1).max(200),
    /** Levels the assessment calls proficient, per skill: gaps are measured against them. */
    target_levels: z.record(SkillIdSchema, LevelSchema),
  }),
  goal_set: z.strictObject({
    goal_id: Id,
    title: z.string().max(200),
    targets: z
      .array(z.strictObject({ skill_id: SkillIdSchema, target_level: LevelSchema }))
      .min(1)
      .max(50),
    deadline: IsoDateTime.nullable(),
    status: z.enum(['active', 'achieved', 'archived']),
  }),
  recommendation_shown: z.strictObject({ recommendation_id: Id }),
  recommendation_acted: z.strictObject({
    recommendation_id: Id,
    action: z.enum(['accepted', 'skipped', 'ignored', 'completed']),
  }),
} as const;

export type LearnerEventKind = keyof typeof kinds;

const SourceSchema = z.strictObject({
  /** Where the fact came from: a topic's event, an API request, a use case. */
  type: z.enum(['progress_event', 'quiz_attempt', 'submission', 'assessment', 'api']),
  /** The source's own deterministic id; the event id is derived from it. */
  id: Id,
});

const envelope = {
  id: z.string().regex(/^\d{8}T\d{6}\.\d{3}Z_[a-z_]+_[0-9a-f]{16}$/, 'Not a learner event id'),
  user_id: Id,
  occurred_at: IsoDateTime,
  source: SourceSchema,
};

function variant<K extends LearnerEventKind>(kind: K) {
  return z.strictObject({ ...envelope, kind: z.literal(kind), data: kinds[kind] });
}

export const LearnerEventSchema = z.discriminatedUnion('kind', [
  variant('viewed'),
  variant('started'),
  variant('progressed'),
  variant('completed'),
  variant('submitted'),
  variant('reopened'),
  variant('progress_reset'),
  variant('quiz_attempted'),
  variant('submission_uploaded'),
  variant('submission_reviewed'),
  variant('assessment_attempted'),
  variant('goal_set'),
  variant('recommendation_shown'),
  variant('recommendation_acted'),
]);

export type LearnerEvent = z.infer<typeof LearnerEventSchema>;
export type LearnerEventOf<K extends LearnerEventKind> = Extract<LearnerEvent, { kind: K }>;
export type LearnerEventData<K extends LearnerEventKind> = LearnerEventOf<K>['data'];

/** Validates a stored or received event (e.g. a message on the learner-events topic). */
export function parseLearnerEvent(input: unknown): LearnerEvent {
  return LearnerEventSchema.parse(input);
}

/** `2026-01-15T09:30:00.123Z` → `20260115T093000.123Z`: fixed width, so text order is time order. */
export function sortableTime(iso: string): string {
  const normal = new Date(iso).toISOString();
  if (!/^\d{4}-/.test(normal)) throw new RangeError(`Year out of range: ${iso}`);
  return normal.replaceAll('-', '').replaceAll(':', '');
}

export function learnerEventId(
  userId: string,
  kind: LearnerEventKind,
  sourceId: string,
  occurredAt: string,
): string {
  const hash = createHash('sha256')
    .update(`${userId}\n${kind}\n${sourceId}`)
    .digest('hex')
    .slice(0, 16);
  return `${sortableTime(occurredAt)}_${kind}_${hash}`;
}

/** Builds a valid event with its deterministic id; the data is validated against its kind. */
export function learnerEvent<K extends LearnerEventKind>(input: {
  user_id: string;
  kind: K;
  occurred_at: string;
  source: z.infer<typeof SourceSchema>;
  data: z.input<(typeof kinds)[K]>;
}): LearnerEventOf<K> {
  const occurredAt = new Date(input.occurred_at).toISOString();
  const event = {
    id: learnerEventId(input.user_id, input.kind, input.source.id, occurredAt),
    user_id: input.user_id,
    kind: input.kind,
    occurred_at: occurredAt,
    source: input.source,
    data: kinds[input.kind].parse(input.data),
  };
  return event as LearnerEventOf<K>;
}

export function isKind<K extends LearnerEventKind>(
  event: LearnerEvent,
  kind: K,
): event is LearnerEventOf<K> {
  return event.kind === kind;
}

/** Stream order: by id, which is by time and then by kind and hash (deterministic on ties). */
export function compareEvents(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
