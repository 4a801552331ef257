import type { Services } from '../../functions/services';
import type { Caller } from '../../shared/auth';
import {
  CreateModuleSchema,
  CreatePathwaySchema,
  CreateResourceSchema,
} from '../../shared/catalog/schemas';
import { AppError } from '../../shared/errors';
import { demoPathways, demoSkills, demoUsers, type DemoUser } from './demo-data';

async function ensureUser(services: Services, user: DemoUser): Promise<void> {
  const auth = services.clients.auth;
  try {
    await auth.getUser(user.uid);
  } catch {
    await auth.createUser({
      uid: user.uid,
      email: user.email,
      password: user.password,
      displayName: user.displayName,
      emailVerified: true,
    });
  }
  await services.users.roles.assign({ uid: user.uid }, user.role, 'demo-seed');
}

/** Loads the demo users and pathways through the use cases; safe to run again. */
export async function loadDemoData(
  services: Services,
): Promise<{ users: number; pathways: string[] }> {
  for (const user of Object.values(demoUsers)) await ensureUser(services, user);
  const owner: Caller = {
    uid: demoUsers.instructor.uid,
    role: 'instructor',
    email: demoUsers.instructor.email,
    name: demoUsers.instructor.displayName,
  };
  const { catalog } = services;
  for (const skill of demoSkills) {
    try {
      await services.learner.skills.create(
        owner,
        {},
        { ...skill, status: 'active' },
        { requestId: 'demo-seed-skills' },
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'already_exists')) throw error;
    }
  }
  const loaded: string[] = [];
  for (const pathway of demoPathways) {
    if (await catalog.repository.pathway(pathway.id)) continue;
    const ctx = { requestId: `demo-seed-${pathway.id}` };
    const params = { pathway_id: pathway.id };
    await catalog.pathways.create(
      owner,
      {},
      CreatePathwaySchema.parse({
        id: pathway.id,
        title: pathway.title,
        description: pathway.description,
        difficulty: pathway.difficulty,
        learning: pathway.learning,
      }),
      ctx,
    );
    for (const module of pathway.modules) {
      const { resources, ...moduleInput } = module;
      await catalog.modules.create(owner, params, CreateModuleSchema.parse(moduleInput), ctx);
      for (const resource of resources) {
        await catalog.resources.create(
          owner,
          { module_id: module.id },
          CreateResourceSchema.parse(resource),
          ctx,
        );
      }
    }
    await catalog.pathways.publish(owner, params, {}, ctx);
    loaded.push(pathway.id);
  }
  return { users: Object.keys(demoUsers).length, pathways: loaded };
}
