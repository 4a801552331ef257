import { randomUUID } from 'node:crypto';
import { api } from './api';

export interface TreeResource {
  type: string;
  /** The resource's id within its pathway (seed 001's `chapter-1`). */
  key?: string;
  title?: string;
  required?: boolean;
  requires_upload?: boolean;
  accepted_file_types?: string[];
  max_file_size_mb?: number;
  quiz?: unknown;
  /** Skill tags and prerequisites (learner model). */
  learning?: unknown;
  duration_minutes?: number;
}

export interface TreeModule {
  required_count?: number;
  resources: TreeResource[];
}

export interface Tree {
  pathwayId: string;
  modules: { id: string; resources: string[] }[];
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Builds a pathway through the public API, as an instructor would, and optionally publishes it. */
export async function buildPathway(
  token: string,
  modules: TreeModule[],
  options: { publish?: boolean; id?: string } = {},
): Promise<Tree> {
  const client = api(token);
  const pathwayId = options.id ?? uniqueId('pw');
  const created = await client.post('/api/v1/pathways', {
    id: pathwayId,
    title: `Pathway ${pathwayId}`,
  });
  if (created.status !== 201)
    throw new Error(`create pathway: ${created.status} ${JSON.stringify(created.body)}`);
  const tree: Tree = { pathwayId, modules: [] };
  for (const [i, module] of modules.entries()) {
    const moduleId = `${pathwayId}-m${i + 1}`;
    const m = await client.post(`/api/v1/pathways/${pathwayId}/modules`, {
      id: moduleId,
      title: `Module ${i + 1}`,
      ...(module.required_count ? { required_count: module.required_count } : {}),
    });
    if (m.status !== 201) throw new Error(`create module: ${m.status} ${JSON.stringify(m.body)}`);
    const ids: string[] = [];
    for (const [j, resource] of module.resources.entries()) {
      const resourceId = `${moduleId}-r${j + 1}`;
      const r = await client.post(`/api/v1/modules/${moduleId}/resources`, {
        id: resourceId,
        title: `Resource ${i + 1}.${j + 1}`,
        duration_minutes: 10,
        ...resource,
      });
      if (r.status !== 201)
        throw new Error(`create resource: ${r.status} ${JSON.stringify(r.body)}`);
      ids.push(resourceId);
    }
    tree.modules.push({ id: moduleId, resources: ids });
  }
  if (options.publish) {
    const p = await client.post(`/api/v1/pathways/${pathwayId}/publish`);
    if (p.status !== 200) throw new Error(`publish: ${p.status} ${JSON.stringify(p.body)}`);
  }
  return tree;
}
