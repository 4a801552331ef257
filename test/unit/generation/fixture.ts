import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceFile } from '../../../shared/generation/archive';

/** The small repository under test/fixtures/generation/repo, as the inventory receives it. */
export const fixtureRoot = path.resolve(__dirname, '..', '..', 'fixtures', 'generation', 'repo');

export function readFixture(root = fixtureRoot, prefix = ''): SourceFile[] {
  return readdirSync(path.join(root, prefix))
    .sort()
    .flatMap((name) => {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (statSync(path.join(root, rel)).isDirectory()) return readFixture(root, rel);
      return [{ path: rel, bytes: new Uint8Array(readFileSync(path.join(root, rel))) }];
    });
}

export const utf8 = (text: string) => new TextEncoder().encode(text);
