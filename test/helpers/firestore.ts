import { db } from './services';

/**
 * Checks the invariant every catalog mutation keeps: the pathway's outline lists exactly the
 * modules and resources that exist for it, in its order, with the same titles and flags.
 */
export async function expectOutlineConsistent(
  pathwayId: string,
): Promise<{ outline_version: number; outline: any }> {
  const [pathway, modules, resources] = await Promise.all([
    db().collection('pathways').doc(pathwayId).get(),
    db().collection('modules').where('pathway_id', '==', pathwayId).get(),
    db().collection('resources').where('pathway_id', '==', pathwayId).get(),
  ]);
  const data = pathway.data() as { outline: any; outline_version: number };
  const outline = data.outline as {
    modules: {
      module_id: string;
      title: string;
      required_count: number | null;
      resources: any[];
    }[];
  };
  expect(outline.modules.map((m) => m.module_id).sort()).toEqual(
    modules.docs.map((d) => d.id).sort(),
  );
  const byId = new Map(resources.docs.map((d) => [d.id, d.data()]));
  const listed = outline.modules.flatMap((m) =>
    m.resources.map((r) => ({ ...r, module_id: m.module_id })),
  );
  expect(listed.map((r) => r.resource_id).sort()).toEqual([...byId.keys()].sort());
  for (const r of listed) {
    const doc = byId.get(r.resource_id);
    expect({
      id: r.resource_id,
      module: doc?.module_id,
      title: doc?.title,
      type: doc?.type,
      required: doc?.required,
    }).toEqual({
      id: r.resource_id,
      module: r.module_id,
      title: r.title,
      type: r.type,
      required: r.required,
    });
  }
  for (const m of outline.modules) {
    const doc = modules.docs.find((d) => d.id === m.module_id)?.data();
    expect({ title: doc?.title, required_count: doc?.required_count }).toEqual({
      title: m.title,
      required_count: m.required_count,
    });
  }
  return { outline_version: data.outline_version, outline };
}
