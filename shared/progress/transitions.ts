import type { Timestamp } from 'firebase-admin/firestore';
import type { OutlineResource } from '../catalog/model';
import { failedPrecondition, invalidArgument } from '../errors';
import { emptyResourceState, isDone, type QuizState, type ResourceState } from './model';

/**
 * The resource status machine, pure:
 *
 *   not_started → in_progress → completed
 *                      ↓  ↑ (review rejects)
 *                   submitted   (upload resources; counts as done)
 *
 * Learners complete videos, articles and exercises or projects without uploads themselves.
 * A quiz completes when its counted attempt passes; an upload resource when a submission
 * arrives (submitted) and is approved (completed). Nothing moves backwards by a learner's
 * request: only a review rejection, a quiz policy, or an explicit reset does that.
 */
export type ProgressAction =
  /** Seed 004's record creation: the lesson is tracked, nothing else changes. */
  | { kind: 'track' }
  /** `at`: when a client says the learner last viewed it (seed 004), else now. */
  | { kind: 'view'; at?: Timestamp }
  | { kind: 'start'; notes?: string }
  | {
      kind: 'progress';
      progress_percentage?: number;
      time_spent_minutes?: number;
      status?: 'in_progress' | 'completed';
      notes?: string;
      last_position_seconds?: number;
      watch_time_seconds?: number;
    }
  | { kind: 'complete' }
  /**
   * Progress a client kept on its own (seed 001's localStorage), merged at the time it was made:
   * never lowering what the server has, keeping the original times.
   */
  | {
      kind: 'import_chapter';
      at: Timestamp;
      watch_time_seconds: number;
      last_position_seconds: number;
      completed: boolean;
    }
  | { kind: 'quiz'; quiz: QuizState }
  | { kind: 'submission_recorded'; submission_id: string }
  | { kind: 'submission_reviewed'; approved: boolean; submission_id: string };

export function completionRule(resource: OutlineResource): string | null {
  if (resource.requires_upload)
    return 'This resource is completed by submitting a file that an instructor approves';
  if (resource.type === 'quiz') return 'A quiz is completed by passing it (POST …/quiz-attempts)';
  return null;
}

function touch(state: ResourceState, now: Timestamp): ResourceState {
  return {
    ...state,
    status: state.status === 'not_started' ? 'in_progress' : state.status,
    started_at: state.started_at ?? now,
    last_activity_at: now,
  };
}

function complete(state: ResourceState, now: Timestamp): ResourceState {
  return {
    ...touch(state, now),
    status: 'completed',
    progress_percentage: 100,
    completed_at: state.status === 'completed' ? state.completed_at : now,
  };
}

export function applyAction(
  resource: OutlineResource,
  current: ResourceState | undefined,
  action: ProgressAction,
  now: Timestamp,
): ResourceState {
  const state = current ?? { ...emptyResourceState(now), created_at: now };
  switch (action.kind) {
    case 'track':
      return state;

    case 'view':
      return {
        ...touch(state, now),
        last_viewed_at: action.at ?? now,
        view_count: state.view_count + 1,
      };

    case 'start':
      return { ...touch(state, now), notes: action.notes ?? state.notes };

    case 'complete':
      return applyAction(resource, current, { kind: 'progress', status: 'completed' }, now);

    case 'progress': {
      if (action.status === 'in_progress' && isDone(state)) {
        throw failedPrecondition(
          `The resource is already ${state.status}; reset the pathway to start it again`,
          [{ path: 'status', message: `Cannot move from ${state.status} back to in_progress` }],
        );
      }
      const wantsCompletion = action.status === 'completed';
      const rule = completionRule(resource);
      if (wantsCompletion && rule && state.status !== 'completed') {
        throw failedPrecondition(rule, [{ path: 'status', message: rule }]);
      }
      if (action.last_position_seconds !== undefined || action.watch_time_seconds !== undefined) {
        if (resource.type !== 'video') {
          throw invalidArgument('Playback positions belong to videos', [
            {
              path:
                action.last_position_seconds !== undefined
                  ? 'last_position_seconds'
                  : 'watch_time_seconds',
              message: `A ${resource.type} has no playback position`,
            },
          ]);
        }
      }
      const watched = Math.max(state.watch_time_seconds ?? 0, action.watch_time_seconds ?? 0);
      let next: ResourceState = {
        ...touch(state, now),
        // Time only accumulates: several devices may report totals out of order.
        time_spent_minutes: Math.max(
          state.time_spent_minutes,
          action.time_spent_minutes ?? 0,
          resource.type === 'video' ? Math.ceil(watched / 60) : 0,
        ),
        notes: action.notes ?? state.notes,
        last_position_seconds: action.last_position_seconds ?? state.last_position_seconds,
        watch_time_seconds:
          action.watch_time_seconds !== undefined ? watched : state.watch_time_seconds,
      };
      if (!isDone(state) && action.progress_percentage !== undefined) {
        next.progress_percentage = action.progress_percentage;
      }
      const reachesEnd = action.progress_percentage === 100 && rule === null;
      if (wantsCompletion || reachesEnd) next = complete(next, now);
      return next;
    }

    case 'import_chapter':
      return importChapter(state, action);

    case 'quiz': {
      const passed = action.quiz.passed;
      const base = { ...touch(state, now), quiz: action.quiz };
      if (passed) return complete(base, now);
      return {
        ...base,
        status: 'in_progress',
        completed_at: null,
        progress_percentage: Math.min(99, action.quiz.counted_percentage),
      };
    }

    case 'submission_recorded':
      return {
        ...touch(state, now),
        // An approved resource stays completed when the learner hands in another attempt.
        status: state.status === 'completed' ? 'completed' : 'submitted',
        progress_percentage: 100,
        completed_at:
          state.status === 'completed' ? state.completed_at : (state.completed_at ?? now),
        submission_count: state.submission_count + 1,
        latest_submission_id: action.submission_id,
      };

    case 'submission_reviewed':
      if (action.approved) return complete(state, now);
      return {
        ...state,
        status: 'in_progress',
        completed_at: null,
        progress_percentage: 0,
        last_activity_at: now,
      };
  }
}

function earlier(a: Timestamp | null | undefined, b: Timestamp): Timestamp {
  return a && a.toMillis() <= b.toMillis() ? a : b;
}

/** The merge `import_chapter` does: the larger watch time, the newer position, completion kept. */
function importChapter(
  state: ResourceState,
  action: Extract<ProgressAction, { kind: 'import_chapter' }>,
): ResourceState {
  const { at } = action;
  const newer = at.toMillis() >= state.last_activity_at.toMillis();
  const watched = Math.max(state.watch_time_seconds ?? 0, action.watch_time_seconds);
  const next: ResourceState = {
    ...state,
    status: state.status === 'not_started' ? 'in_progress' : state.status,
    started_at: earlier(state.started_at, at),
    created_at: earlier(state.created_at, at),
    last_activity_at: newer ? at : state.last_activity_at,
    watch_time_seconds: watched,
    time_spent_minutes: Math.max(state.time_spent_minutes, Math.ceil(watched / 60)),
    last_position_seconds: newer ? action.last_position_seconds : state.last_position_seconds,
  };
  if (!action.completed || isDone(state)) return next;
  return { ...next, status: 'completed', progress_percentage: 100, completed_at: at };
}
