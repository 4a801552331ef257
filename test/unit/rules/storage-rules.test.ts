import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * storage.rules must deny every Firebase client-SDK access: bytes move only through signed URLs.
 * The Firebase Storage emulator evaluates rules with a runtime jar that firebase-tools downloads
 * on first use, which cannot happen offline, so this test checks the rules text itself: one
 * match covering every object, and no `allow` that could ever be true.
 */
const rules = readFileSync(path.resolve(__dirname, '../../../storage.rules'), 'utf8');
const code = rules.replace(/\/\/.*$/gm, '');

describe('storage.rules', () => {
  it('uses rules version 2 and covers every object of every bucket', () => {
    expect(code).toMatch(/rules_version\s*=\s*'2'/);
    expect(code).toMatch(
      /service\s+firebase\.storage\s*\{\s*match\s+\/b\/\{bucket\}\/o\s*\{\s*match\s+\/\{allPaths=\*\*\}\s*\{/,
    );
  });

  it('allows nothing: every allow is unconditionally false', () => {
    const allows = [...code.matchAll(/allow\s+([^:;]+)(?::\s*if\s+([^;]+))?;/g)];
    expect(allows).toHaveLength(1);
    const [, operations, condition] = allows[0] as RegExpMatchArray;
    expect(
      operations
        ?.split(',')
        .map((s) => s.trim())
        .sort(),
    ).toEqual(['read', 'write']);
    expect(condition?.trim()).toBe('false');
  });

  it('has no other statements that could grant access', () => {
    expect(code).not.toMatch(/\bfunction\b/);
    expect(code.match(/\bmatch\b/g)).toHaveLength(2);
  });
});
