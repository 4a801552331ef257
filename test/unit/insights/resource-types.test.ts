import { completionByResourceType } from '../../../shared/insights/resource-types';
import { outline } from './outline';

describe('completion by resource type', () => {
  it('adds each type’s completions over its resources times the enrolled learners', () => {
    expect(completionByResourceType(outline, 4, { v1: 4, v2: 1, a1: 2, q1: 3 })).toEqual([
      { type: 'article', resources: 1, completions: 2, possible: 4, rate: 0.5 },
      { type: 'project', resources: 1, completions: 0, possible: 4, rate: 0 },
      { type: 'quiz', resources: 1, completions: 3, possible: 4, rate: 0.75 },
      { type: 'video', resources: 2, completions: 5, possible: 8, rate: 0.625 },
    ]);
  });

  it('has no rate without enrolled learners', () => {
    expect(completionByResourceType(outline, 0, {}).every((t) => t.rate === null)).toBe(true);
  });
});
