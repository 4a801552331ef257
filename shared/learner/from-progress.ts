import { z } from 'zod';
import type { EnrollmentDoc, ResourceState } from '../progress/model';
import { ProgressEventSchema } from '../events';
import { learnerEvent, type LearnerEvent, type Response } from './events';
import { defaultItemDifficulty, guessingOf, type PathwayDifficulty, type SkillTag } from './skills';

/**
 * Learner events from what the progress feature knows, pure:
 *
 * - `fromProgressEvent`: a message on `progress-events` as published today (status changes and
 *   resets, `ProgressEventData`) → learner events whose ids derive from the progress event id,
 *   so a redelivered message yields the same ids.
 * - `activityEvents`: a resource state before and after one progress transaction → viewed /
 *   started / progressed. Progress does not publish these yet; the integration calls this inside
 *   `ProgressService.transact` with the enrollment revision as the source.
 * - `quizAttemptEvent`: a scored quiz attempt plus the questions' skill tags → quiz_attempted.
 */

/** `progress-events` as published, any type: a type added later is reported, not rejected. */
export const PublishedProgressEventSchema = ProgressEventSchema.extend({ type: z.string() });
export type PublishedProgressEvent = z.infer<typeof PublishedProgressEventSchema>;

export type MappingResult =
  { events: LearnerEvent[]; ignored: null } | { events: []; ignored: string };

const resourceTypes = new Set(['resource_completed', 'resource_submitted', 'resource_reopened']);

export function fromProgressEvent(input: unknown): MappingResult {
  const parsed = PublishedProgressEventSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      events: [],
      ignored: `Not a progress event: ${issue?.path.join('.')}: ${issue?.message}`,
    };
  }
  const e = parsed.data;
  if (resourceTypes.has(e.type) && e.resource_id === null) {
    return { events: [], ignored: `${e.type} without a resource_id` };
  }
  const base = {
    user_id: e.user_id,
    occurred_at: e.event_time,
    source: { type: 'progress_event' as const, id: e.event_id },
  };
  const where = {
    pathway_id: e.pathway_id,
    module_id: e.module_id,
    resource_id: e.resource_id ?? '',
  };
  switch (e.type) {
    case 'resource_completed':
      return {
        events: [
          learnerEvent({ ...base, kind: 'completed', data: { scope: 'resource', ...where } }),
        ],
        ignored: null,
      };
    case 'resource_submitted':
      return { events: [learnerEvent({ ...base, kind: 'submitted', data: where })], ignored: null };
    case 'resource_reopened': {
      const previous = e.old.status;
      if (previous !== 'completed' && previous !== 'submitted') {
        return { events: [], ignored: `resource_reopened from ${String(previous)}` };
      }
      return {
        events: [
          learnerEvent({
            ...base,
            kind: 'reopened',
            data: { ...where, previous_status: previous },
          }),
        ],
        ignored: null,
      };
    }
    case 'module_completed':
      return {
        events: [
          learnerEvent({
            ...base,
            kind: 'completed',
            data: {
              scope: 'module',
              pathway_id: e.pathway_id,
              module_id: e.module_id,
              resource_id: null,
            },
          }),
        ],
        ignored: null,
      };
    case 'pathway_completed':
      return {
        events: [
          learnerEvent({
            ...base,
            kind: 'completed',
            data: {
              scope: 'pathway',
              pathway_id: e.pathway_id,
              module_id: null,
              resource_id: null,
            },
          }),
        ],
        ignored: null,
      };
    case 'progress_reset':
      return {
        events: [
          learnerEvent({ ...base, kind: 'progress_reset', data: { pathway_id: e.pathway_id } }),
        ],
        ignored: null,
      };
    default:
      return {
        events: [],
        ignored: `Progress event type ${e.type} carries nothing for the learner model`,
      };
  }
}

interface ActivityContext {
  enrollment: Pick<EnrollmentDoc, 'user_id' | 'pathway_id' | 'revision'>;
  module_id: string | null;
  resource_id: string;
  /** The transaction's time (ISO). */
  at: string;
}

/**
 * What one transaction did to one resource, as activity events. Completion and submission are
 * status changes that `fromProgressEvent` already covers; this reports views, the first start
 * and any change of progress, time or playback position.
 */
export function activityEvents(
  before: ResourceState | undefined,
  after: ResourceState,
  ctx: ActivityContext,
): LearnerEvent[] {
  const sourceId = `${ctx.enrollment.user_id}_${ctx.enrollment.pathway_id}:${ctx.resource_id}:${ctx.enrollment.revision}`;
  const base = {
    user_id: ctx.enrollment.user_id,
    occurred_at: ctx.at,
    source: { type: 'progress_event' as const, id: sourceId },
  };
  const where = {
    pathway_id: ctx.enrollment.pathway_id,
    module_id: ctx.module_id,
    resource_id: ctx.resource_id,
  };
  const events: LearnerEvent[] = [];
  if (after.view_count > (before?.view_count ?? 0)) {
    events.push(learnerEvent({ ...base, kind: 'viewed', data: where }));
  }
  if (after.started_at !== null && (before?.started_at ?? null) === null) {
    events.push(learnerEvent({ ...base, kind: 'started', data: where }));
  }
  const spentBefore = before?.time_spent_minutes ?? 0;
  const moved =
    after.progress_percentage !== (before?.progress_percentage ?? 0) ||
    after.time_spent_minutes !== spentBefore ||
    after.last_position_seconds !== (before?.last_position_seconds ?? null) ||
    after.watch_time_seconds !== (before?.watch_time_seconds ?? null);
  if (moved) {
    events.push(
      learnerEvent({
        ...base,
        kind: 'progressed',
        data: {
          ...where,
          progress_percentage: after.progress_percentage,
          time_spent_minutes: after.time_spent_minutes,
          time_added_minutes: Math.max(0, after.time_spent_minutes - spentBefore),
          position_seconds: after.last_position_seconds,
          previous_position_seconds: before?.last_position_seconds ?? null,
          watch_time_seconds: after.watch_time_seconds,
        },
      }),
    );
  }
  return events;
}

export interface QuestionTags {
  skills?: string[];
  difficulty?: number;
  options: number;
  correct_count: number;
}

/**
 * A scored quiz attempt as a learner event. A question without its own tags measures the
 * resource's skills at the default difficulty of the pathway's band, so every keyed quiz on
 * tagged content feeds the estimator.
 */
export function quizAttemptEvent(input: {
  user_id: string;
  pathway_id: string;
  module_id: string | null;
  resource_id: string;
  pathway_difficulty: PathwayDifficulty;
  resource_skills: SkillTag[];
  attempt_number: number;
  score: number;
  max_score: number;
  percentage: number;
  passing_score: number;
  results: { question_id: string; correct: boolean }[];
  questions: Record<string, QuestionTags>;
  at: string;
}): LearnerEvent {
  const fallbackSkills = input.resource_skills.map((s) => s.skill_id);
  const responses: Response[] = input.results.flatMap((r) => {
    const tags = input.questions[r.question_id];
    const skills = tags?.skills ?? fallbackSkills;
    if (skills.length === 0 || !tags) return [];
    return [
      {
        question_id: r.question_id,
        correct: r.correct,
        skills,
        difficulty: tags.difficulty ?? defaultItemDifficulty[input.pathway_difficulty],
        guessing: guessingOf(tags.options, tags.correct_count),
      },
    ];
  });
  return learnerEvent({
    user_id: input.user_id,
    kind: 'quiz_attempted',
    occurred_at: input.at,
    source: {
      type: 'quiz_attempt',
      id: `${input.user_id}_${input.pathway_id}/${input.resource_id}-${input.attempt_number}`,
    },
    data: {
      pathway_id: input.pathway_id,
      module_id: input.module_id,
      resource_id: input.resource_id,
      attempt_number: input.attempt_number,
      score: input.score,
      max_score: input.max_score,
      percentage: input.percentage,
      passing_score: input.passing_score,
      passed: input.percentage >= input.passing_score,
      responses,
      skills: fallbackSkills,
    },
  });
}
