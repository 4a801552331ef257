import type { AnyRoute } from './route';

/**
 * Seeds' clients call some routes at their own paths (seed 003's `/certificates/…`,
 * `/upload/…`): the routes that `select` picks, again with `/api/v1/` replaced by `prefix`. A
 * Hosting rewrite sends those paths to the same function.
 */
export function withSeedPaths(
  routes: AnyRoute[],
  seed: string,
  select: (path: string) => boolean,
  prefix = '/',
): AnyRoute[] {
  return [
    ...routes,
    ...routes
      .filter((r) => select(r.path))
      .map((r) => ({
        ...r,
        path: r.path.replace(/^\/api\/v1\//, prefix),
        summary: `${r.summary} (${seed}’s own path)`,
      })),
  ];
}
