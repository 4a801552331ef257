import type { LearnerEvent } from './events';

/**
 * What the recommendation rules read, folded from the event stream one event at a time: per
 * resource the learner touched, its progress, time, rewinds and failed quiz attempts; the latest
 * quiz attempts; the learner's actions on recommendations. Every list is capped, so the state
 * stays small however long the stream grows, and folding the whole stream from `emptySignals()`
 * gives exactly the state kept incrementally (events must be folded in stream order).
 */

/** A jump back of more than this many seconds in a video is a rewind. */
export const REWIND_SECONDS = 30;
const KEEP_IDS = 5;
const KEEP_QUIZZES = 20;
const KEEP_ACTIONS = 200;

export interface QuizSignal {
  event_id: string;
  pathway_id: string;
  module_id: string | null;
  resource_id: string;
  percentage: number;
  passed: boolean;
  skills: string[];
  at: string;
}

export interface ResourceSignal {
  pathway_id: string;
  module_id: string | null;
  resource_id: string;
  started_at: string | null;
  last_activity_at: string;
  completed: boolean;
  progress_percentage: number;
  time_spent_minutes: number;
  rewinds: number;
  rewind_event_ids: string[];
  failed_attempts: number;
  failed_event_ids: string[];
  /** The most recent events about this resource, oldest first. */
  event_ids: string[];
}

export interface RecommendationAction {
  action: 'accepted' | 'skipped' | 'ignored' | 'completed';
  at: string;
  event_id: string;
}

export interface LearnerSignals {
  last_event_id: string | null;
  resources: Record<string, ResourceSignal>;
  quizzes: QuizSignal[];
  completed_pathways: string[];
  actions: Record<string, RecommendationAction>;
}

export const emptySignals = (): LearnerSignals => ({
  last_event_id: null,
  resources: {},
  quizzes: [],
  completed_pathways: [],
  actions: {},
});

export const resourceKey = (pathwayId: string, resourceId: string) => `${pathwayId}/${resourceId}`;

const keep = (ids: readonly string[], id: string) => [...ids, id].slice(-KEEP_IDS);

export function foldSignals(state: LearnerSignals, event: LearnerEvent): LearnerSignals {
  if (state.last_event_id !== null && event.id <= state.last_event_id) {
    throw new RangeError(
      `Event ${event.id} is not after ${state.last_event_id}; refold the stream`,
    );
  }
  const next: LearnerSignals = { ...state, last_event_id: event.id };
  const touch = (where: {
    pathway_id: string;
    module_id: string | null;
    resource_id: string;
  }): ResourceSignal => {
    const key = resourceKey(where.pathway_id, where.resource_id);
    const was = state.resources[key] ?? {
      ...where,
      started_at: null,
      last_activity_at: event.occurred_at,
      completed: false,
      progress_percentage: 0,
      time_spent_minutes: 0,
      rewinds: 0,
      rewind_event_ids: [],
      failed_attempts: 0,
      failed_event_ids: [],
      event_ids: [],
    };
    const now: ResourceSignal = {
      ...was,
      last_activity_at: event.occurred_at,
      event_ids: keep(was.event_ids, event.id),
    };
    next.resources = { ...next.resources, [key]: now };
    return now;
  };

  switch (event.kind) {
    case 'viewed':
      touch(event.data);
      break;
    case 'started': {
      const r = touch(event.data);
      r.started_at ??= event.occurred_at;
      break;
    }
    case 'progressed': {
      const r = touch(event.data);
      const d = event.data;
      r.started_at ??= event.occurred_at;
      r.progress_percentage = d.progress_percentage;
      r.time_spent_minutes = d.time_spent_minutes;
      if (
        d.position_seconds !== null &&
        d.previous_position_seconds !== null &&
        d.previous_position_seconds - d.position_seconds > REWIND_SECONDS
      ) {
        r.rewinds += 1;
        r.rewind_event_ids = keep(r.rewind_event_ids, event.id);
      }
      break;
    }
    case 'completed':
      if (event.data.scope === 'resource' && event.data.resource_id !== null) {
        const r = touch({ ...event.data, resource_id: event.data.resource_id });
        r.completed = true;
        r.progress_percentage = 100;
      } else if (event.data.scope === 'pathway') {
        next.completed_pathways = [
          ...new Set([...state.completed_pathways, event.data.pathway_id]),
        ].sort();
      }
      break;
    case 'submitted':
      touch(event.data).completed = true;
      break;
    case 'reopened':
      touch(event.data).completed = false;
      break;
    case 'progress_reset': {
      const prefix = `${event.data.pathway_id}/`;
      next.resources = Object.fromEntries(
        Object.entries(state.resources).filter(([key]) => !key.startsWith(prefix)),
      );
      next.completed_pathways = state.completed_pathways.filter((p) => p !== event.data.pathway_id);
      break;
    }
    case 'quiz_attempted': {
      const d = event.data;
      const r = touch(d);
      if (!d.passed) {
        r.failed_attempts += 1;
        r.failed_event_ids = keep(r.failed_event_ids, event.id);
      }
      const skills = [
        ...new Set(d.responses.length > 0 ? d.responses.flatMap((x) => x.skills) : d.skills),
      ].sort();
      next.quizzes = [
        ...state.quizzes,
        {
          event_id: event.id,
          pathway_id: d.pathway_id,
          module_id: d.module_id,
          resource_id: d.resource_id,
          percentage: d.percentage,
          passed: d.passed,
          skills,
          at: event.occurred_at,
        },
      ].slice(-KEEP_QUIZZES);
      break;
    }
    case 'recommendation_acted': {
      const entries = Object.entries({
        ...state.actions,
        [event.data.recommendation_id]: {
          action: event.data.action,
          at: event.occurred_at,
          event_id: event.id,
        },
      }).sort(([, a], [, b]) => (a.event_id < b.event_id ? -1 : 1));
      next.actions = Object.fromEntries(entries.slice(-KEEP_ACTIONS));
      break;
    }
    default:
      break;
  }
  return next;
}

export function foldStream(events: readonly LearnerEvent[]): LearnerSignals {
  return [...events]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .reduce(foldSignals, emptySignals());
}
