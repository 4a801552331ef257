import { globToRegExp } from '../../../infra/local/rewrites';

describe('Hosting globs', () => {
  it('matches as Hosting does: ** across segments, * within one', () => {
    expect(globToRegExp('/api/v1/pathways/**').test('/api/v1/pathways/x/resources')).toBe(true);
    expect(globToRegExp('/api/v1/pathways/**').test('/api/v1/pathways')).toBe(false);
    expect(
      globToRegExp('/api/v1/users/me/resources/*/upload').test(
        '/api/v1/users/me/resources/r1/upload',
      ),
    ).toBe(true);
    expect(
      globToRegExp('/api/v1/users/me/resources/*/upload').test(
        '/api/v1/users/me/resources/a/b/upload',
      ),
    ).toBe(false);
    expect(globToRegExp('/api/v1/openapi.json').test('/api/v1/openapiXjson')).toBe(false);
  });
});
