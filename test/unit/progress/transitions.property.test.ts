import fc from 'fast-check';
import type { OutlineResource } from '../../../shared/catalog/model';
import { isDone, type ResourceState } from '../../../shared/progress/model';
import { ResourceStatusSchema } from '../../../shared/progress/status';
import { applyAction, type ProgressAction } from '../../../shared/progress/transitions';
import {
  anyActionArb,
  at,
  learnerActionArb,
  outlineArb,
  PROPERTY_RUNS,
  reachable,
  resourcesOf,
} from './arbitraries';

/**
 * The resource status machine under generated action sequences: whatever a learner, a quiz or
 * a reviewer does, and in whatever order, the state stays one the model allows.
 */
const runs = { numRuns: PROPERTY_RUNS };

const resourceArb: fc.Arbitrary<OutlineResource> = outlineArb
  .map(resourcesOf)
  .filter((rs) => rs.length > 0)
  .chain((rs) => fc.constantFrom(...rs));

/** Every state the model allows; a message naming the broken rule otherwise. */
function illegal(state: ResourceState): string | null {
  if (!ResourceStatusSchema.safeParse(state.status).success) return `status ${state.status}`;
  if (state.progress_percentage < 0 || state.progress_percentage > 100) return 'progress range';
  if (isDone(state) && state.progress_percentage !== 100) return 'done below 100%';
  if (isDone(state) && state.completed_at === null) return 'done without completed_at';
  if (!isDone(state) && state.completed_at !== null) return 'completed_at while not done';
  if (state.status === 'not_started' && state.started_at !== null) return 'started, not_started';
  if (state.status !== 'not_started' && state.started_at === null) return 'moved, never started';
  if (state.time_spent_minutes < 0 || state.view_count < 0) return 'negative counter';
  return null;
}

function run(resource: OutlineResource, actions: ProgressAction[]) {
  const states: ResourceState[] = [];
  let state: ResourceState | undefined;
  actions.forEach((action, i) => {
    if (!reachable(action, state)) return;
    try {
      state = applyAction(resource, state, action, at(i + 1));
    } catch {
      // A refusal leaves the state as it was.
    }
    if (state) states.push(state);
  });
  return states;
}

describe('status machine properties', () => {
  it('reaches no illegal state under any sequence of actions', () => {
    fc.assert(
      fc.property(resourceArb, fc.array(anyActionArb, { maxLength: 40 }), (resource, actions) => {
        for (const state of run(resource, actions)) expect(illegal(state)).toBeNull();
      }),
      runs,
    );
  });

  it("never completes a quiz or an upload resource by the learner's own say-so", () => {
    const guarded = resourceArb.filter((r) => r.type === 'quiz' || r.requires_upload);
    fc.assert(
      fc.property(guarded, fc.array(learnerActionArb, { maxLength: 40 }), (resource, actions) => {
        for (const state of run(resource, actions)) expect(isDone(state)).toBe(false);
      }),
      runs,
    );
  });

  it('only accumulates time, views, watch time and submissions', () => {
    fc.assert(
      fc.property(resourceArb, fc.array(anyActionArb, { maxLength: 40 }), (resource, actions) => {
        const states = run(resource, actions);
        states.slice(1).forEach((next, i) => {
          const prev = states[i] as ResourceState;
          expect(next.time_spent_minutes).toBeGreaterThanOrEqual(prev.time_spent_minutes);
          expect(next.view_count).toBeGreaterThanOrEqual(prev.view_count);
          expect(next.submission_count).toBeGreaterThanOrEqual(prev.submission_count);
          expect(next.watch_time_seconds ?? 0).toBeGreaterThanOrEqual(prev.watch_time_seconds ?? 0);
        });
      }),
      runs,
    );
  });

  it('keeps the first completion time while a resource stays done', () => {
    fc.assert(
      fc.property(resourceArb, fc.array(anyActionArb, { maxLength: 40 }), (resource, actions) => {
        const states = run(resource, actions);
        states.slice(1).forEach((next, i) => {
          const prev = states[i] as ResourceState;
          if (prev.status === 'completed' && next.status === 'completed') {
            expect(next.completed_at).toEqual(prev.completed_at);
          }
        });
      }),
      runs,
    );
  });
});
