import fc from 'fast-check';
import type { Outline } from '../../../shared/catalog/model';
import { isDone, type ResourceState } from '../../../shared/progress/model';
import { percent, rollup, type Rollup } from '../../../shared/progress/rollup';
import { applyAction, type ProgressAction } from '../../../shared/progress/transitions';
import {
  anyActionArb,
  at,
  forwardActionArb,
  outlineArb,
  PROPERTY_RUNS,
  reachable,
  resourcesOf,
  stepsArb,
} from './arbitraries';

/**
 * Properties of the rollup over generated outlines and generated sequences of learner actions:
 * what seed 000 promises about progress holds for every outline, not only the examples.
 */
const runs = { numRuns: PROPERTY_RUNS };

interface Step {
  pick: number;
  action: ProgressAction;
}

/** Applies each step as the enrollment writer does (a refused action changes nothing). */
function* play(outline: Outline, steps: Step[]) {
  const entries = resourcesOf(outline);
  let resources: Record<string, ResourceState> = {};
  let previous: Rollup | null = null;
  let minute = 1;
  for (const step of steps) {
    const was = resources;
    minute += 1;
    const entry = entries[step.pick % Math.max(entries.length, 1)];
    if (entry && reachable(step.action, resources[entry.resource_id])) {
      try {
        const next = applyAction(entry, resources[entry.resource_id], step.action, at(minute));
        resources = { ...resources, [entry.resource_id]: next };
      } catch {
        // Refused by the status machine: the state stays as it was.
      }
    }
    const result = rollup({ outline, outlineVersion: 1, resources, previous, now: at(minute) });
    yield { resources, before: previous, after: result, was };
    previous = result;
  }
}

/** The rollup of `states` computed afresh (no previous rollup), as a recompute does. */
const firstRollup = (outline: Outline, states: Record<string, ResourceState>) =>
  rollup({ outline, outlineVersion: 1, resources: states, previous: null, now: at(0) });

/** Random resource states: each resource of the outline absent, or in one of the statuses. */
const statesArb = (outline: Outline) =>
  fc
    .tuple(
      ...resourcesOf(outline).map(() =>
        fc.constantFrom('absent', 'not_started', 'in_progress', 'completed', 'submitted'),
      ),
    )
    .map((statuses) => {
      const states: Record<string, ResourceState> = {};
      resourcesOf(outline).forEach((r, i) => {
        const status = statuses[i];
        if (status === undefined || status === 'absent') return;
        states[r.resource_id] = {
          ...applyAction(r, undefined, { kind: 'start' }, at(i)),
          status,
          time_spent_minutes: i,
        };
      });
      return states;
    });

const outlineWithStates = outlineArb.chain((outline) =>
  statesArb(outline).map((states) => ({ outline, states })),
);

describe('rollup properties', () => {
  it('keeps every percentage between 0 and 100 and every count within its total', () => {
    fc.assert(
      fc.property(outlineWithStates, ({ outline, states }) => {
        const { modules, pathway } = firstRollup(outline, states);
        expect(pathway.pathway_progress).toBeGreaterThanOrEqual(0);
        expect(pathway.pathway_progress).toBeLessThanOrEqual(100);
        expect(pathway.required_done).toBeLessThanOrEqual(pathway.required_total);
        expect(pathway.completed_modules).toBeLessThanOrEqual(pathway.total_modules);
        for (const aggregate of Object.values(modules)) {
          expect(aggregate.module_progress).toBeGreaterThanOrEqual(0);
          expect(aggregate.module_progress).toBeLessThanOrEqual(100);
        }
      }),
      runs,
    );
  });

  it('reports 100 only for work that is all done, and below 100 otherwise (any size)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000 }).chain((total) =>
          fc.record({
            total: fc.constant(total),
            done: fc.oneof(fc.integer({ min: 0, max: total }), fc.constant(total - 1)),
          }),
        ),
        ({ total, done }) => {
          const value = percent(done, total);
          expect(value).toBeLessThanOrEqual(100);
          expect(value === 100).toBe(done === total);
        },
      ),
      runs,
    );
  });

  it('completes a module exactly when N of its M required resources are done (N defaults to M)', () => {
    fc.assert(
      fc.property(outlineWithStates, ({ outline, states }) => {
        const { modules, pathway } = firstRollup(outline, states);
        let completed = 0;
        for (const module of outline.modules) {
          const required = module.resources.filter((r) => r.required);
          const done = required.filter((r) => isDone(states[r.resource_id])).length;
          const needed = Math.min(module.required_count ?? required.length, required.length);
          const aggregate = modules[module.module_id];
          expect(aggregate?.target).toBe(needed);
          expect(aggregate?.completed).toBe(done >= needed);
          if (done >= needed) completed += 1;
        }
        expect(pathway.completed_modules).toBe(completed);
        const complete = pathway.required_total > 0 && completed === outline.modules.length;
        expect(pathway.completed_at !== null).toBe(complete);
      }),
      runs,
    );
  });

  it('ignores optional resources: any change to their states leaves every aggregate as it was', () => {
    fc.assert(
      fc.property(
        outlineArb.chain((outline) =>
          fc.record({
            outline: fc.constant(outline),
            first: statesArb(outline),
            second: statesArb(outline),
          }),
        ),
        ({ outline, first, second }) => {
          // The second state set differs from the first only on optional resources.
          const mixed: Record<string, ResourceState> = {};
          for (const r of resourcesOf(outline)) {
            const state = r.required ? first[r.resource_id] : second[r.resource_id];
            if (state) mixed[r.resource_id] = { ...state, time_spent_minutes: 0 };
          }
          const zeroTime = Object.fromEntries(
            Object.entries(first).map(([id, s]) => [id, { ...s, time_spent_minutes: 0 }]),
          );
          const a = firstRollup(outline, zeroTime);
          const b = firstRollup(outline, mixed);
          expect(b.modules).toEqual(a.modules);
          expect(b.pathway).toEqual(a.pathway);
        },
      ),
      runs,
    );
  });

  it('never takes completion back under any sequence of forward actions', () => {
    fc.assert(
      fc.property(outlineArb, stepsArb(forwardActionArb), (outline, steps) => {
        for (const { before, after, resources, was } of play(outline, steps)) {
          for (const [id, state] of Object.entries(was)) {
            if (isDone(state)) expect(isDone(resources[id])).toBe(true);
          }
          if (!before) continue;
          expect(after.pathway.required_done).toBeGreaterThanOrEqual(before.pathway.required_done);
          expect(after.pathway.pathway_progress).toBeGreaterThanOrEqual(
            before.pathway.pathway_progress,
          );
          for (const [id, module] of Object.entries(before.modules)) {
            if (!module.completed) continue;
            expect(after.modules[id]).toMatchObject({
              completed: true,
              completed_at: module.completed_at,
            });
          }
        }
      }),
      runs,
    );
  });

  it('keeps the first pathway completion under any sequence of actions, backward ones included', () => {
    fc.assert(
      fc.property(outlineArb, stepsArb(anyActionArb), (outline, steps) => {
        let first: Rollup['pathway'] | null = null;
        for (const { after } of play(outline, steps)) {
          if (first) {
            expect(after.pathway.completed_at).toEqual(first.completed_at);
            expect(after.pathway.completed_on_version).toBe(first.completed_on_version);
          } else if (after.pathway.completed_at) {
            first = after.pathway;
          }
        }
      }),
      runs,
    );
  });

  it('preserves completed work when the outline changes: done resources still count, completion stays', () => {
    const changedOutline = (outline: Outline) =>
      fc
        .record({
          order: fc.shuffledSubarray(outline.modules, { minLength: outline.modules.length }),
          dropped: fc.array(fc.nat(), { maxLength: 3 }),
          added: fc.integer({ min: 0, max: 3 }),
          counts: fc.array(fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }), {
            minLength: outline.modules.length,
            maxLength: outline.modules.length,
          }),
        })
        .map(({ order, dropped, added, counts }): Outline => {
          const all = resourcesOf(outline);
          const drop = new Set(dropped.map((i) => all[i % Math.max(all.length, 1)]?.resource_id));
          return {
            modules: order.map((m, i) => ({
              ...m,
              required_count: counts[i] ?? null,
              resources: [
                ...m.resources.filter((r) => !drop.has(r.resource_id)).reverse(),
                ...Array.from({ length: added }, (_, n) => ({
                  resource_id: `${m.module_id}-new${n}`,
                  type: 'article' as const,
                  title: 'new',
                  required: true,
                  duration_minutes: 5,
                  requires_upload: false,
                })),
              ],
            })),
          };
        });
    fc.assert(
      fc.property(
        outlineArb.chain((outline) =>
          fc.record({
            outline: fc.constant(outline),
            steps: stepsArb(forwardActionArb),
            changed: changedOutline(outline),
          }),
        ),
        ({ outline, steps, changed }) => {
          let last: { resources: Record<string, ResourceState>; after: Rollup } | undefined;
          for (const step of play(outline, steps)) last = step;
          const resources = last?.resources ?? {};
          const previous = last?.after ?? null;
          const recomputed = rollup({
            outline: changed,
            outlineVersion: 2,
            resources,
            previous,
            now: at(100_000),
          });
          for (const module of changed.modules) {
            const required = module.resources.filter((r) => r.required);
            const done = required.filter((r) => isDone(resources[r.resource_id])).length;
            expect(recomputed.modules[module.module_id]?.done).toBe(done);
            const before = previous?.modules[module.module_id];
            const aggregate = recomputed.modules[module.module_id];
            if (before?.completed && aggregate?.completed) {
              expect(aggregate.completed_at).toEqual(before.completed_at);
            }
          }
          if (previous?.pathway.completed_at) {
            expect(recomputed.pathway.completed_at).toEqual(previous.pathway.completed_at);
            expect(recomputed.pathway.completed_on_version).toBe(1);
          }
        },
      ),
      runs,
    );
  });
});
