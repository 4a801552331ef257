import { invalidArgument } from '../errors';
import type { ResourceLearning } from '../learner/skills';
import type { Outline, OutlineModule, OutlineResource } from './model';
import type { ResourceType } from './schemas';

/** Pure helpers over a pathway's denormalised outline: every catalog mutation goes through these. */

export function emptyOutline(): Outline {
  return { modules: [] };
}

/** Inserts at a 1-based position, or appends; a position past the end appends. */
export function insertAt<T>(list: readonly T[], item: T, position?: number): T[] {
  const next = [...list];
  const index = position === undefined ? next.length : Math.min(position - 1, next.length);
  next.splice(index, 0, item);
  return next;
}

/**
 * Reorders `list` to follow `ids`, which must name every item exactly once. The error names
 * the request field so a client sees which id is wrong.
 */
export function reorder<T>(
  list: readonly T[],
  ids: readonly string[],
  idOf: (item: T) => string,
  field: string,
): T[] {
  const byId = new Map(list.map((item) => [idOf(item), item]));
  const seen = new Set<string>();
  const details: { path: string; message: string }[] = [];
  ids.forEach((id, i) => {
    if (!byId.has(id))
      details.push({ path: `${field}.${i}`, message: `${id} is not part of this list` });
    else if (seen.has(id)) details.push({ path: `${field}.${i}`, message: `${id} appears twice` });
    seen.add(id);
  });
  const missing = [...byId.keys()].filter((id) => !seen.has(id));
  if (missing.length > 0) details.push({ path: field, message: `Missing: ${missing.join(', ')}` });
  if (details.length > 0)
    throw invalidArgument(`${field} must list every item exactly once`, details);
  return ids.map((id) => byId.get(id) as T);
}

export interface ResourceLocation {
  moduleIndex: number;
  resourceIndex: number;
  module: OutlineModule;
  resource: OutlineResource;
}

function locate(
  outline: Outline,
  matches: (r: OutlineResource) => boolean,
): ResourceLocation | undefined {
  for (const [moduleIndex, module] of outline.modules.entries()) {
    const resourceIndex = module.resources.findIndex(matches);
    const resource = module.resources[resourceIndex];
    if (resource) return { moduleIndex, resourceIndex, module, resource };
  }
  return undefined;
}

export function locateResource(outline: Outline, resourceId: string): ResourceLocation | undefined {
  return locate(outline, (r) => r.resource_id === resourceId);
}

export function locateModule(
  outline: Outline,
  moduleId: string,
): { index: number; module: OutlineModule } | undefined {
  const index = outline.modules.findIndex((m) => m.module_id === moduleId);
  const module = outline.modules[index];
  return module ? { index, module } : undefined;
}

export function replaceModule(
  outline: Outline,
  moduleId: string,
  update: (m: OutlineModule) => OutlineModule,
): Outline {
  return { modules: outline.modules.map((m) => (m.module_id === moduleId ? update(m) : m)) };
}

export function withoutResource(outline: Outline, resourceId: string): Outline {
  return {
    modules: outline.modules.map((m) => ({
      ...m,
      resources: m.resources.filter((r) => r.resource_id !== resourceId),
    })),
  };
}

export function outlineResource(resource: {
  id: string;
  key?: string | null | undefined;
  type: ResourceType;
  title: string;
  required: boolean;
  duration_minutes: number;
  requires_upload: boolean;
  learning?: ResourceLearning | null | undefined;
}): OutlineResource {
  return {
    resource_id: resource.id,
    ...(resource.key ? { key: resource.key } : {}),
    type: resource.type,
    title: resource.title,
    required: resource.required,
    duration_minutes: resource.duration_minutes,
    requires_upload: resource.requires_upload,
    ...(resource.learning ? { learning: resource.learning } : {}),
  };
}

export function outlineStats(outline: Outline): {
  module_count: number;
  resource_count: number;
  total_duration_minutes: number;
} {
  let resources = 0;
  let minutes = 0;
  for (const m of outline.modules) {
    resources += m.resources.length;
    for (const r of m.resources) minutes += r.duration_minutes;
  }
  return {
    module_count: outline.modules.length,
    resource_count: resources,
    total_duration_minutes: minutes,
  };
}

export function allResourceIds(outline: Outline): string[] {
  return outline.modules.flatMap((m) => m.resources.map((r) => r.resource_id));
}

/**
 * A resource of the outline by its id or by its pathway-local key: seed 001 clients name
 * chapters and quizzes by ids of the tutorial's own (`chapter-1`), others by global ids.
 */
export function locateByIdOrKey(outline: Outline, ref: string): ResourceLocation | undefined {
  return locateResource(outline, ref) ?? locate(outline, (r) => r.key === ref);
}

/** Whether another resource of the outline already uses `key`. */
export function keyTaken(outline: Outline, key: string, exceptResourceId?: string): boolean {
  return outline.modules.some((m) =>
    m.resources.some((r) => r.key === key && r.resource_id !== exceptResourceId),
  );
}
