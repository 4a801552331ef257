import type { Outline, OutlineResource } from '../../../shared/catalog/model';

const resource = (
  resource_id: string,
  type: OutlineResource['type'],
  duration_minutes = 10,
): OutlineResource => ({
  resource_id,
  type,
  title: `Title ${resource_id}`,
  required: true,
  duration_minutes,
  requires_upload: type === 'project',
});

/** Two modules: m1 (video v1, article a1), m2 (quiz q1, project p1, video v2). */
export const outline: Outline = {
  modules: [
    {
      module_id: 'm1',
      title: 'Basics',
      required_count: null,
      resources: [resource('v1', 'video', 20), resource('a1', 'article')],
    },
    {
      module_id: 'm2',
      title: 'Practice',
      required_count: null,
      resources: [resource('q1', 'quiz'), resource('p1', 'project'), resource('v2', 'video', 0)],
    },
  ],
};
