import {
  insertAt,
  locateResource,
  outlineStats,
  reorder,
  withoutResource,
} from '../../../shared/catalog/outline';
import type { Outline } from '../../../shared/catalog/model';
import { AppError } from '../../../shared/errors';

const outline: Outline = {
  modules: [
    {
      module_id: 'm1',
      title: 'One',
      required_count: null,
      resources: [
        {
          resource_id: 'a',
          type: 'video',
          title: 'A',
          required: true,
          duration_minutes: 10,
          requires_upload: false,
        },
        {
          resource_id: 'b',
          type: 'article',
          title: 'B',
          required: false,
          duration_minutes: 5,
          requires_upload: false,
        },
      ],
    },
    {
      module_id: 'm2',
      title: 'Two',
      required_count: 1,
      resources: [
        {
          resource_id: 'c',
          type: 'project',
          title: 'C',
          required: true,
          duration_minutes: 60,
          requires_upload: true,
        },
      ],
    },
  ],
};

describe('insertAt', () => {
  it('inserts at a 1-based position and appends past the end or without one', () => {
    expect(insertAt(['a', 'b'], 'x', 1)).toEqual(['x', 'a', 'b']);
    expect(insertAt(['a', 'b'], 'x', 2)).toEqual(['a', 'x', 'b']);
    expect(insertAt(['a', 'b'], 'x', 99)).toEqual(['a', 'b', 'x']);
    expect(insertAt(['a', 'b'], 'x')).toEqual(['a', 'b', 'x']);
  });
});

describe('reorder', () => {
  const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('follows the given order', () => {
    expect(reorder(items, ['c', 'a', 'b'], (i) => i.id, 'ids').map((i) => i.id)).toEqual([
      'c',
      'a',
      'b',
    ]);
  });

  it('names each wrong entry by its index', () => {
    let error: unknown;
    try {
      reorder(items, ['c', 'zzz', 'c'], (i) => i.id, 'module_ids');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const details = (error as AppError).details;
    expect(details).toEqual([
      { path: 'module_ids.1', message: 'zzz is not part of this list' },
      { path: 'module_ids.2', message: 'c appears twice' },
      { path: 'module_ids', message: 'Missing: a, b' },
    ]);
  });
});

describe('outline queries', () => {
  it('locates a resource with its module and position', () => {
    const found = locateResource(outline, 'b');
    expect(found?.module.module_id).toBe('m1');
    expect(found?.resourceIndex).toBe(1);
    expect(locateResource(outline, 'nope')).toBeUndefined();
  });

  it('removes a resource wherever it is', () => {
    const next = withoutResource(outline, 'c');
    expect(next.modules[1]?.resources).toEqual([]);
    expect(next.modules[0]?.resources).toHaveLength(2);
  });

  it('counts modules, resources and minutes', () => {
    expect(outlineStats(outline)).toEqual({
      module_count: 2,
      resource_count: 3,
      total_duration_minutes: 75,
    });
  });
});
