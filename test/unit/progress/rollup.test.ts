import type { Outline } from '../../../shared/catalog/model';
import { emptyResourceState, type ResourceState } from '../../../shared/progress/model';
import type { ResourceStatus } from '../../../shared/progress/status';
import { percent, progressChanges, resumePointer, rollup } from '../../../shared/progress/rollup';
import { outlineResource as res } from '../catalog/fixtures';
import { t } from './fixtures';

function state(
  status: ResourceStatus,
  at: number,
  extra: Partial<ResourceState> = {},
): ResourceState {
  return { ...emptyResourceState(t(at)), status, time_spent_minutes: 5, ...extra };
}

/** Seed 000's image-generation shape: six modules of five resources. */
const seedOutline: Outline = {
  modules: Array.from({ length: 6 }, (_, m) => ({
    module_id: `m${m + 1}`,
    title: `Module ${m + 1}`,
    required_count: null,
    resources: Array.from({ length: 5 }, (_, r) => res(`m${m + 1}-r${r + 1}`)),
  })),
};

describe('rollup', () => {
  it('matches seed 000: one of five is 20% of the module and 3.3% of thirty', () => {
    const result = rollup({
      outline: seedOutline,
      outlineVersion: 1,
      resources: { 'm1-r1': state('completed', 1) },
      previous: null,
      now: t(2),
    });
    expect(result.modules.m1).toMatchObject({
      module_progress: 20,
      done: 1,
      target: 5,
      completed: false,
    });
    expect(result.pathway).toMatchObject({
      pathway_progress: 3.3,
      required_done: 1,
      required_total: 30,
      completed_modules: 0,
      total_modules: 6,
      total_time_spent_minutes: 5,
      completed_at: null,
    });
  });

  it('counts submitted upload resources as done', () => {
    const result = rollup({
      outline: seedOutline,
      outlineVersion: 1,
      resources: { 'm1-r1': state('completed', 1), 'm1-r3': state('submitted', 2) },
      previous: null,
      now: t(3),
    });
    expect(result.modules.m1?.module_progress).toBe(40);
  });

  it('never lets optional resources block completion, and does not count them', () => {
    const outline: Outline = {
      modules: [
        {
          module_id: 'm',
          title: 'M',
          required_count: null,
          resources: [res('a'), res('b', { required: false })],
        },
      ],
    };
    const done = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1) },
      previous: null,
      now: t(2),
    });
    expect(done.modules.m).toMatchObject({ module_progress: 100, completed: true, target: 1 });
    expect(done.pathway.completed_at).toEqual(t(2));
    const optionalOnly = rollup({
      outline,
      outlineVersion: 1,
      resources: { b: state('completed', 1) },
      previous: null,
      now: t(2),
    });
    expect(optionalOnly.modules.m?.module_progress).toBe(0);
  });

  it('completes an N-of-M module with any N of its required resources', () => {
    const outline: Outline = {
      modules: [
        {
          module_id: 'm',
          title: 'M',
          required_count: 2,
          resources: [res('a'), res('b'), res('c')],
        },
      ],
    };
    const one = rollup({
      outline,
      outlineVersion: 1,
      resources: { c: state('completed', 1) },
      previous: null,
      now: t(1),
    });
    expect(one.modules.m).toMatchObject({ module_progress: 50, target: 2, completed: false });
    const two = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1), c: state('completed', 2) },
      previous: null,
      now: t(2),
    });
    expect(two.modules.m).toMatchObject({ module_progress: 100, completed: true });
    const three = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1), b: state('completed', 2), c: state('completed', 3) },
      previous: null,
      now: t(3),
    });
    expect(three.pathway).toMatchObject({
      pathway_progress: 100,
      required_done: 2,
      required_total: 2,
    });
  });

  it('caps N at the number of required resources', () => {
    const outline: Outline = {
      modules: [{ module_id: 'm', title: 'M', required_count: 5, resources: [res('a'), res('b')] }],
    };
    const result = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1), b: state('completed', 2) },
      previous: null,
      now: t(3),
    });
    expect(result.modules.m?.completed).toBe(true);
  });

  it('keeps a completed pathway’s date and version when new required work is added', () => {
    const v1: Outline = {
      modules: [{ module_id: 'm', title: 'M', required_count: null, resources: [res('a')] }],
    };
    const resources = { a: state('completed', 1) };
    const first = rollup({ outline: v1, outlineVersion: 3, resources, previous: null, now: t(5) });
    expect(first.pathway).toMatchObject({
      pathway_progress: 100,
      completed_at: t(5),
      completed_on_version: 3,
    });
    const v2: Outline = {
      modules: [
        { module_id: 'm', title: 'M', required_count: null, resources: [res('a'), res('new')] },
      ],
    };
    const after = rollup({ outline: v2, outlineVersion: 4, resources, previous: first, now: t(9) });
    expect(after.pathway).toMatchObject({
      pathway_progress: 50,
      completed_at: t(5),
      completed_on_version: 3,
    });
    expect(after.modules.m).toMatchObject({ completed: false, completed_at: null });
  });

  it('keeps a module’s completion date across recomputes while it stays complete', () => {
    const outline: Outline = {
      modules: [{ module_id: 'm', title: 'M', required_count: null, resources: [res('a')] }],
    };
    const first = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1) },
      previous: null,
      now: t(2),
    });
    const again = rollup({
      outline,
      outlineVersion: 2,
      resources: { a: state('completed', 1) },
      previous: first,
      now: t(50),
    });
    expect(again.modules.m?.completed_at).toEqual(t(2));
  });

  it('treats a module with nothing required as complete, and an empty pathway as not complete', () => {
    const outline: Outline = {
      modules: [
        {
          module_id: 'm',
          title: 'M',
          required_count: null,
          resources: [res('a', { required: false })],
        },
      ],
    };
    const result = rollup({ outline, outlineVersion: 1, resources: {}, previous: null, now: t(1) });
    expect(result.modules.m).toMatchObject({ module_progress: 100, completed: true });
    expect(result.pathway).toMatchObject({
      pathway_progress: 0,
      completed_at: null,
      completed_modules: 1,
    });
  });

  it('rounds to one decimal', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBe(0);
  });
});

describe('resume pointer', () => {
  it('starts at the first resource when nothing was touched', () => {
    expect(resumePointer(seedOutline, {})).toEqual({ module_id: 'm1', resource_id: 'm1-r1' });
  });

  it('returns the most recently touched resource that is not done', () => {
    const resources = {
      'm1-r2': state('in_progress', 5),
      'm2-r1': state('in_progress', 3),
      'm1-r1': state('completed', 9),
    };
    expect(resumePointer(seedOutline, resources)).toEqual({
      module_id: 'm1',
      resource_id: 'm1-r2',
    });
  });

  it('otherwise goes to the next not-done resource after the last touched one, required first', () => {
    const outline: Outline = {
      modules: [
        {
          module_id: 'a',
          title: 'A',
          required_count: null,
          resources: [res('a1'), res('a2', { required: false }), res('a3')],
        },
        { module_id: 'b', title: 'B', required_count: null, resources: [res('b1')] },
      ],
    };
    expect(resumePointer(outline, { a1: state('completed', 1) })).toEqual({
      module_id: 'a',
      resource_id: 'a3',
    });
    expect(resumePointer(outline, { a3: state('completed', 2) })).toEqual({
      module_id: 'b',
      resource_id: 'b1',
    });
    // wraps around to a skipped required resource
    expect(
      resumePointer(outline, { a3: state('completed', 2), b1: state('completed', 3) }),
    ).toEqual({ module_id: 'a', resource_id: 'a1' });
    const allRequired = {
      a1: state('completed', 1),
      a3: state('completed', 2),
      b1: state('completed', 3),
    };
    expect(resumePointer(outline, allRequired)).toEqual({ module_id: 'a', resource_id: 'a2' });
    expect(resumePointer(outline, { ...allRequired, a2: state('completed', 4) })).toBeNull();
  });
});

describe('progress changes', () => {
  it('reports completions at every level with old and new values', () => {
    const outline: Outline = {
      modules: [
        { module_id: 'm', title: 'M', required_count: null, resources: [res('a'), res('b')] },
      ],
    };
    const before = rollup({
      outline,
      outlineVersion: 1,
      resources: { a: state('completed', 1) },
      previous: null,
      now: t(1),
    });
    const resources = { a: state('completed', 1), b: state('completed', 2) };
    const after = rollup({ outline, outlineVersion: 1, resources, previous: before, now: t(2) });
    const changes = progressChanges(
      { ...before, resources: { a: state('completed', 1) } },
      { ...after, resources },
    );
    expect(changes.map((c) => c.type)).toEqual([
      'resource_completed',
      'module_completed',
      'pathway_completed',
    ]);
    expect(changes[0]).toMatchObject({
      resource_id: 'b',
      old: { status: 'not_started' },
      new: { status: 'completed' },
    });
    expect(changes[1]).toMatchObject({
      module_id: 'm',
      old: { module_progress: 50 },
      new: { module_progress: 100 },
    });
    expect(changes[2]).toMatchObject({
      old: { pathway_progress: 50 },
      new: { pathway_progress: 100 },
    });
  });

  it('reports submissions and reopenings, and nothing when nothing changed', () => {
    const outline: Outline = {
      modules: [
        { module_id: 'm', title: 'M', required_count: null, resources: [res('a'), res('b')] },
      ],
    };
    const s1 = { a: state('submitted', 1) };
    const r1 = rollup({ outline, outlineVersion: 1, resources: s1, previous: null, now: t(1) });
    expect(progressChanges({ ...r1, resources: s1 }, { ...r1, resources: s1 })).toEqual([]);
    const s2 = { a: state('in_progress', 2) };
    const r2 = rollup({ outline, outlineVersion: 1, resources: s2, previous: r1, now: t(2) });
    expect(progressChanges({ ...r1, resources: s1 }, { ...r2, resources: s2 })).toEqual([
      {
        type: 'resource_reopened',
        resource_id: 'a',
        old: { status: 'submitted' },
        new: { status: 'in_progress' },
      },
    ]);
  });
});
