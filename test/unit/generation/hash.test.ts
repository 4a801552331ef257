import { contentHash, RULES_VERSION, shortId, unitHash } from '../../../shared/generation/hash';

describe('content hashing', () => {
  it('hashes equal values alike whatever the order of their keys', () => {
    expect(contentHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(
      contentHash({ b: { d: 'x', c: [1, 2] }, a: 1 }),
    );
  });

  it('tells apart values that differ anywhere, including array order', () => {
    const base = contentHash({ a: [1, 2] });
    expect(contentHash({ a: [2, 1] })).not.toBe(base);
    expect(contentHash({ a: [1, 2], b: null })).not.toBe(base);
    expect(contentHash({ a: ['1', 2] })).not.toBe(base);
  });

  it('keys a unit by its kind, the rules version and its inputs', () => {
    expect(unitHash('analysis', { h: 'x' })).toBe(
      contentHash({ kind: 'analysis', rules: RULES_VERSION, inputs: { h: 'x' } }),
    );
    expect(unitHash('analysis', { h: 'x' })).not.toBe(unitHash('content', { h: 'x' }));
  });

  it('refuses a cyclic value rather than hashing something partial', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => contentHash(cyclic)).toThrow();
  });

  it('derives short stable ids usable as catalog slugs', () => {
    const id = shortId('mod', 'course-1', 'docs/a.md');
    expect(id).toMatch(/^mod-[0-9a-f]{16}$/);
    expect(shortId('mod', 'course-1', 'docs/a.md')).toBe(id);
    expect(shortId('mod', 'course-1docs/a.md')).not.toBe(id);
  });
});
