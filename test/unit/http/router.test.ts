import { compilePath } from '../../../shared/http/router';

describe('router paths', () => {
  it('captures path parameters and accepts a trailing slash', () => {
    const { pattern, paramNames } = compilePath('/api/v1/modules/{module_id}/resources');
    expect(paramNames).toEqual(['module_id']);
    expect(pattern.exec('/api/v1/modules/abc/resources')?.[1]).toBe('abc');
    expect(pattern.test('/api/v1/modules/abc/resources/')).toBe(true);
    expect(pattern.test('/api/v1/modules/a/b/resources')).toBe(false);
  });
});
