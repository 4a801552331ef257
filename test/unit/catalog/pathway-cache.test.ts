import type { PathwayDoc } from '../../../shared/catalog/model';
import { PathwayCache } from '../../../shared/catalog/pathway-cache';
import type { CatalogRepository } from '../../../shared/catalog/repository';
import { oneModuleOutline, pathwayDoc } from './fixtures';

function withOutline(version: number, resourceIds: string[]): PathwayDoc {
  return pathwayDoc({ outline_version: version, outline: oneModuleOutline('m1', resourceIds) });
}

/** A repository holding `stored`, counting reads and what it learns about resources. */
function repoOf(stored: Map<string, PathwayDoc>) {
  const reads: string[] = [];
  const learned = new Map<string, string>();
  const repo = {
    pathway: async (id: string) => {
      reads.push(id);
      return stored.get(id);
    },
    remember: (resourceId: string, pathwayId: string) => learned.set(resourceId, pathwayId),
  } as unknown as CatalogRepository;
  return { repo, reads, learned };
}

describe('the per-instance pathway cache', () => {
  it('reads a pathway once within the TTL and again after it', async () => {
    let clock = 0;
    const { repo, reads } = repoOf(new Map([['p', withOutline(1, ['r1'])]]));
    const cache = new PathwayCache(repo, { ttlMs: 1000, now: () => clock });
    await cache.get('p');
    clock = 999;
    await cache.get('p');
    expect(reads).toEqual(['p']);
    clock = 1000;
    await cache.get('p');
    expect(reads).toEqual(['p', 'p']);
  });

  it('teaches the repository which pathway each resource of the outline belongs to', async () => {
    const { repo, learned } = repoOf(new Map([['p', withOutline(1, ['r1', 'r2'])]]));
    await new PathwayCache(repo).get('p');
    expect([...learned]).toEqual([
      ['r1', 'p'],
      ['r2', 'p'],
    ]);
  });

  it('never replaces a newer outline with an older one that finished reading later', async () => {
    const stored = new Map([['p', withOutline(3, ['r1'])]]);
    const { repo, reads } = repoOf(stored);
    const cache = new PathwayCache(repo);
    await cache.get('p');
    cache.remember('p', withOutline(2, ['r1']));
    expect((await cache.get('p'))?.outline_version).toBe(3);
    expect(reads).toEqual(['p']);
  });

  it('refresh reads now and forgets a deleted pathway', async () => {
    const stored = new Map([['p', withOutline(1, ['r1'])]]);
    const { repo, reads } = repoOf(stored);
    const cache = new PathwayCache(repo);
    await cache.get('p');
    stored.set('p', withOutline(2, ['r1', 'r2']));
    expect((await cache.refresh('p'))?.outline_version).toBe(2);
    stored.delete('p');
    expect(await cache.refresh('p')).toBeUndefined();
    expect(await cache.get('p')).toBeUndefined();
    expect(reads).toEqual(['p', 'p', 'p', 'p']);
  });

  it('keeps at most maxEntries pathways, dropping the least recently used', async () => {
    const stored = new Map(['a', 'b', 'c'].map((id) => [id, withOutline(1, [`${id}1`])]));
    const { repo, reads } = repoOf(stored);
    const cache = new PathwayCache(repo, { maxEntries: 2 });
    await cache.get('a');
    await cache.get('b');
    await cache.get('a');
    await cache.get('c');
    reads.length = 0;
    await cache.get('a');
    await cache.get('c');
    expect(reads).toEqual([]);
    await cache.get('b');
    expect(reads).toEqual(['b']);
  });
});
