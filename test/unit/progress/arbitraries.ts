import fc from 'fast-check';
import { Timestamp } from 'firebase-admin/firestore';
import type { Outline, OutlineModule, OutlineResource } from '../../../shared/catalog/model';
import type { QuizState, ResourceState } from '../../../shared/progress/model';
import type { ProgressAction } from '../../../shared/progress/transitions';
import { ResourceTypeSchema } from '../../../shared/catalog/schemas';

/** Generators of outlines and learner actions for the progress property tests. */

export const PROPERTY_RUNS = 300;
export const at = (minute: number) => Timestamp.fromMillis(Date.UTC(2026, 0, 1) + minute * 60_000);

const resourceArb = (id: string): fc.Arbitrary<OutlineResource> =>
  fc.record({
    resource_id: fc.constant(id),
    type: fc.constantFrom(...ResourceTypeSchema.options),
    title: fc.constant(id),
    required: fc.boolean(),
    duration_minutes: fc.integer({ min: 0, max: 120 }),
    requires_upload: fc.boolean(),
  });

function moduleArb(index: number): fc.Arbitrary<OutlineModule> {
  return fc.integer({ min: 0, max: 6 }).chain((size) =>
    fc.record({
      module_id: fc.constant(`m${index}`),
      title: fc.constant(`Module ${index}`),
      required_count: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
      resources: fc.tuple(
        ...Array.from({ length: size }, (_, r) => resourceArb(`m${index}-r${r}`)),
      ),
    }),
  );
}

/** Outlines of up to five modules of up to six resources, ids unique across the pathway. */
export const outlineArb: fc.Arbitrary<Outline> = fc
  .integer({ min: 1, max: 5 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, m) => moduleArb(m))))
  .map((modules) => ({ modules }));

export function resourcesOf(outline: Outline): OutlineResource[] {
  return outline.modules.flatMap((m) => m.resources);
}

const quizStateArb = (passed: boolean): fc.Arbitrary<QuizState> =>
  fc.integer({ min: 0, max: 100 }).map((percentage) => ({
    attempts: 1,
    first_percentage: percentage,
    latest_percentage: percentage,
    best_percentage: percentage,
    counted_percentage: percentage,
    counted_score: percentage,
    counted_max_score: 100,
    passed,
    passed_at: passed ? at(0) : null,
    last_attempt_at: at(0),
  }));

/** What a learner can ask for through the API on any resource (the status machine refuses some). */
export const learnerActionArb: fc.Arbitrary<ProgressAction> = fc.oneof(
  fc.constant<ProgressAction>({ kind: 'track' }),
  fc.constant<ProgressAction>({ kind: 'view' }),
  fc.record({ kind: fc.constant('start' as const), notes: fc.string({ maxLength: 5 }) }),
  fc.constant<ProgressAction>({ kind: 'complete' }),
  fc.record(
    {
      kind: fc.constant('progress' as const),
      progress_percentage: fc.integer({ min: 0, max: 100 }),
      time_spent_minutes: fc.integer({ min: 0, max: 600 }),
      status: fc.constantFrom('in_progress' as const, 'completed' as const),
      last_position_seconds: fc.integer({ min: 0, max: 7200 }),
      watch_time_seconds: fc.integer({ min: 0, max: 7200 }),
    },
    { requiredKeys: ['kind'] },
  ),
);

/** Everything else that moves a resource forward: passing quizzes, submissions, approvals. */
export const forwardActionArb: fc.Arbitrary<ProgressAction> = fc.oneof(
  learnerActionArb,
  quizStateArb(true).map((quiz): ProgressAction => ({ kind: 'quiz', quiz })),
  fc.constant<ProgressAction>({ kind: 'submission_recorded', submission_id: 's1' }),
  fc.constant<ProgressAction>({
    kind: 'submission_reviewed',
    approved: true,
    submission_id: 's1',
  }),
  fc.record({
    kind: fc.constant('import_chapter' as const),
    at: fc.integer({ min: 0, max: 10_000 }).map(at),
    watch_time_seconds: fc.integer({ min: 0, max: 7200 }),
    last_position_seconds: fc.integer({ min: 0, max: 7200 }),
    completed: fc.boolean(),
  }),
);

/** And the actions that may move a resource back: failed quizzes, rejected submissions. */
export const anyActionArb: fc.Arbitrary<ProgressAction> = fc.oneof(
  forwardActionArb,
  quizStateArb(false).map((quiz): ProgressAction => ({ kind: 'quiz', quiz })),
  fc.constant<ProgressAction>({
    kind: 'submission_reviewed',
    approved: false,
    submission_id: 's1',
  }),
);

/** A step: which resource (an index into the outline's resources, wrapped) and what happens. */
export const stepsArb = (action: fc.Arbitrary<ProgressAction>) =>
  fc.array(fc.record({ pick: fc.nat(), action }), { maxLength: 40 });

/**
 * Whether the platform can issue `action` at all: a reviewer only ever reviews a submission the
 * learner handed in (the review use case loads it first).
 */
export function reachable(action: ProgressAction, state: ResourceState | undefined): boolean {
  return action.kind !== 'submission_reviewed' || (state?.submission_count ?? 0) > 0;
}
