import { medianTimePerResource } from '../../../shared/insights/time-per-resource';
import { outline } from './outline';

const done = (minutes: number) => ({ status: 'completed', time_spent_minutes: minutes });

describe('median time per resource', () => {
  it('takes the median over the learners who finished the resource, not those still on it', () => {
    const rows = medianTimePerResource(outline, [
      { v1: done(10), p1: { status: 'submitted', time_spent_minutes: 30 } },
      { v1: done(30), a1: { status: 'in_progress', time_spent_minutes: 99 } },
      { v1: done(14), a1: done(5) },
      { v1: done(20) },
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.resource_id, r]));
    expect(byId.v1).toEqual({
      resource_id: 'v1',
      module_id: 'm1',
      title: 'Title v1',
      type: 'video',
      expected_minutes: 20,
      learners: 4,
      median_minutes: 17,
    });
    expect(byId.a1?.median_minutes).toBe(5);
    expect(byId.a1?.learners).toBe(1);
    expect(byId.p1?.median_minutes).toBe(30);
    expect(byId.q1).toMatchObject({ learners: 0, median_minutes: null });
    expect(rows.map((r) => r.resource_id)).toEqual(['v1', 'a1', 'q1', 'p1', 'v2']);
  });
});
