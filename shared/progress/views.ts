import { Timestamp } from 'firebase-admin/firestore';
import type { OutlineModule, OutlineResource, PathwayDoc, QuizDoc } from '../catalog/model';
import { iso, isoRequired } from '../time';
import type { ResponseOf } from '../use-case';
import {
  attemptsUsed,
  emptyResourceState,
  isDone,
  type EnrollmentDoc,
  type ModuleAggregate,
  type QuizState,
  type ResourceState,
} from './model';
import { attemptsLeft } from './quiz';
import { rollup } from './rollup';
import type {
  EnrollmentItemSchema,
  EnrollmentSummarySchema,
  ModuleProgressSchema,
  PathwayProgressSchema,
  ResourceProgressItemSchema,
  ResourceProgressSchema,
} from './schemas';
import type { SubmissionBrief } from '../submissions/views';

/** What a learner who never touched the pathway sees: every resource not started. */
export function blankEnrollment(
  userId: string,
  pathwayId: string,
  pathway: PathwayDoc,
): EnrollmentDoc {
  const now = Timestamp.now();
  const roll = rollup({
    outline: pathway.outline,
    outlineVersion: pathway.outline_version,
    resources: {},
    previous: null,
    now,
  });
  return {
    user_id: userId,
    pathway_id: pathwayId,
    enrolled_at: now,
    started_at: null,
    last_accessed_at: null,
    outline_version: pathway.outline_version,
    revision: 0,
    resources: {},
    modules: roll.modules,
    pathway: roll.pathway,
    resume: roll.resume,
    resets: [],
    updated_at: now,
  };
}

/** A quiz's state for the learner; `used` counts every attempt, resets included. */
export function quizView(
  quiz: QuizState | null,
  rules: Pick<QuizDoc, 'passing_score' | 'policy' | 'max_attempts'>,
  used = quiz?.attempts ?? 0,
) {
  return {
    attempts: used,
    attempts_remaining: attemptsLeft(used, rules),
    counted_percentage: quiz?.counted_percentage ?? 0,
    best_percentage: quiz?.best_percentage ?? 0,
    latest_percentage: quiz?.latest_percentage ?? 0,
    passing_score: rules.passing_score,
    policy: rules.policy,
    passed: quiz?.passed ?? false,
    passed_at: iso(quiz?.passed_at ?? null),
  };
}

function completion(enrollment: EnrollmentDoc, pathway: PathwayDoc) {
  return {
    outline_version: pathway.outline_version,
    completed_at: iso(enrollment.pathway.completed_at),
    completed_on_version: enrollment.pathway.completed_on_version,
    has_new_content:
      enrollment.pathway.completed_at !== null && enrollment.pathway.pathway_progress < 100,
  };
}

/** What every progress view shows of a resource's state; untouched ones read as not started. */
function stateFields(state: ResourceState | undefined, s: ResourceState) {
  return {
    status: state ? s.status : ('not_started' as const),
    progress_percentage: s.progress_percentage,
    time_spent_minutes: s.time_spent_minutes,
    started_at: iso(s.started_at),
    completed_at: iso(s.completed_at),
  };
}

export function resourceItem(
  entry: OutlineResource,
  state: ResourceState | undefined,
  submissions: SubmissionBrief[] | undefined,
  quizRules?: Pick<QuizDoc, 'passing_score' | 'policy' | 'max_attempts'>,
): ResponseOf<typeof ResourceProgressItemSchema> {
  const s = state ?? emptyResourceState(Timestamp.now());
  return {
    resource_id: entry.resource_id,
    type: entry.type,
    title: entry.title,
    required: entry.required,
    ...stateFields(state, s),
    ...(entry.type === 'video'
      ? { last_position_seconds: s.last_position_seconds, watch_time_seconds: s.watch_time_seconds }
      : {}),
    ...(entry.requires_upload
      ? { submission_count: s.submission_count, submissions: submissions ?? [] }
      : {}),
    ...(entry.type === 'quiz' && quizRules ? { quiz: quizView(s.quiz, quizRules) } : {}),
  };
}

function moduleAggregate(enrollment: EnrollmentDoc, module: OutlineModule): ModuleAggregate {
  return (
    enrollment.modules[module.module_id] ?? {
      module_progress: 0,
      done: 0,
      target: 0,
      completed: false,
      completed_at: null,
    }
  );
}

export function moduleView(
  enrollment: EnrollmentDoc,
  module: OutlineModule,
  submissions: Map<string, SubmissionBrief[]>,
): ResponseOf<typeof ModuleProgressSchema> {
  const aggregate = moduleAggregate(enrollment, module);
  return {
    module_id: module.module_id,
    title: module.title,
    module_progress: aggregate.module_progress,
    completed: aggregate.completed,
    completed_at: iso(aggregate.completed_at),
    required_count: module.required_count,
    done: aggregate.done,
    target: aggregate.target,
    resources: module.resources.map((r) =>
      resourceItem(r, enrollment.resources[r.resource_id], submissions.get(r.resource_id)),
    ),
  };
}

/** Seed 000: GET /users/me/progress/{pathway_id}. */
export function pathwayProgressView(
  enrollment: EnrollmentDoc,
  pathway: PathwayDoc,
  enrolled: boolean,
  submissions: Map<string, SubmissionBrief[]>,
): ResponseOf<typeof PathwayProgressSchema> {
  return {
    user_id: enrollment.user_id,
    pathway_id: enrollment.pathway_id,
    enrolled,
    pathway_progress: enrollment.pathway.pathway_progress,
    completed_modules: enrollment.pathway.completed_modules,
    total_modules: pathway.outline.modules.length,
    total_time_spent_minutes: enrollment.pathway.total_time_spent_minutes,
    started_at: iso(enrollment.started_at),
    last_accessed_at: iso(enrollment.last_accessed_at),
    current_module_id: enrollment.resume?.module_id ?? null,
    current_resource_id: enrollment.resume?.resource_id ?? null,
    ...completion(enrollment, pathway),
    modules: pathway.outline.modules.map((m) => {
      const { required_count: _omit, ...view } = moduleView(enrollment, m, submissions);
      return view;
    }),
  };
}

/** Seed 000: GET /users/me/resources/{id}/progress. */
export function resourceProgressView(args: {
  enrollment: EnrollmentDoc;
  module: OutlineModule;
  entry: OutlineResource;
  quiz: QuizDoc | null;
  submissions: SubmissionBrief[];
}): ResponseOf<typeof ResourceProgressSchema> {
  const { enrollment, module, entry } = args;
  const state = enrollment.resources[entry.resource_id];
  const s = state ?? emptyResourceState(Timestamp.now());
  return {
    user_id: enrollment.user_id,
    resource_id: entry.resource_id,
    pathway_id: enrollment.pathway_id,
    module_id: module.module_id,
    resource: { type: entry.type, title: entry.title, requires_upload: entry.requires_upload },
    ...stateFields(state, s),
    last_viewed_at: iso(s.last_viewed_at),
    view_count: s.view_count,
    notes: s.notes,
    last_position_seconds: s.last_position_seconds,
    watch_time_seconds: s.watch_time_seconds,
    submission_required: entry.requires_upload,
    submission_count: s.submission_count,
    submissions: args.submissions,
    quiz: args.quiz
      ? quizView(s.quiz, args.quiz, attemptsUsed(enrollment, entry.resource_id))
      : null,
    module_progress: moduleAggregate(enrollment, module).module_progress,
    pathway_progress: enrollment.pathway.pathway_progress,
  };
}

/** Seed 004's course summary, in the same model. */
export function summaryView(
  enrollment: EnrollmentDoc,
  pathway: PathwayDoc,
): ResponseOf<typeof EnrollmentSummarySchema> {
  let completed = 0;
  let inProgress = 0;
  let total = 0;
  for (const module of pathway.outline.modules) {
    for (const r of module.resources) {
      total += 1;
      const state = enrollment.resources[r.resource_id];
      if (isDone(state)) completed += 1;
      else if (state && state.status === 'in_progress') inProgress += 1;
    }
  }
  return {
    pathway_id: enrollment.pathway_id,
    user_id: enrollment.user_id,
    total_resources: total,
    completed_resources: completed,
    in_progress_resources: inProgress,
    not_started_resources: total - completed - inProgress,
    completion_percentage: enrollment.pathway.pathway_progress,
    current_module_id: enrollment.resume?.module_id ?? null,
    current_resource_id: enrollment.resume?.resource_id ?? null,
    last_activity_at: iso(enrollment.last_accessed_at),
    ...completion(enrollment, pathway),
  };
}

export function enrollmentItem(
  enrollment: EnrollmentDoc,
  pathway: PathwayDoc,
): ResponseOf<typeof EnrollmentItemSchema> {
  return {
    pathway_id: enrollment.pathway_id,
    title: pathway.title,
    enrolled_at: isoRequired(enrollment.enrolled_at),
    started_at: iso(enrollment.started_at),
    last_accessed_at: iso(enrollment.last_accessed_at),
    pathway_progress: enrollment.pathway.pathway_progress,
    completed_modules: enrollment.pathway.completed_modules,
    total_modules: pathway.outline.modules.length,
    current_module_id: enrollment.resume?.module_id ?? null,
    current_resource_id: enrollment.resume?.resource_id ?? null,
    ...completion(enrollment, pathway),
  };
}
