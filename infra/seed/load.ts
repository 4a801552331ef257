import { Timestamp } from 'firebase-admin/firestore';
import type { Caller } from '../../shared/auth';
import { CreateModuleSchema, CreateResourceSchema } from '../../shared/catalog/schemas';
import { catalog } from '../../shared/catalog/service';
import { adminAuth, db } from '../../shared/platform/firebase';
import { demoPathways, demoUsers, type DemoUser } from './demo-data';

async function ensureUser(user: DemoUser): Promise<void> {
  const auth = adminAuth();
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
  await auth.setCustomUserClaims(user.uid, { role: user.role });
  await db().collection('users').doc(user.uid).set(
    {
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      role_updated_at: Timestamp.now(),
    },
    { merge: true },
  );
}

/** Loads the demo users and pathways; safe to run again (existing pathways are kept). */
export async function loadDemoData(): Promise<{ users: number; pathways: string[] }> {
  for (const user of Object.values(demoUsers)) await ensureUser(user);
  const owner: Caller = {
    uid: demoUsers.instructor.uid,
    role: 'instructor',
    email: demoUsers.instructor.email,
    name: demoUsers.instructor.displayName,
  };
  const service = catalog();
  const loaded: string[] = [];
  for (const pathway of demoPathways) {
    const exists = (await db().collection('pathways').doc(pathway.id).get()).exists;
    if (exists) continue;
    const requestId = `demo-seed-${pathway.id}`;
    await service.createPathway(owner, {
      id: pathway.id,
      title: pathway.title,
      description: pathway.description,
      difficulty: pathway.difficulty,
    });
    for (const module of pathway.modules) {
      const { resources, ...moduleInput } = module;
      await service.createModule(
        owner,
        requestId,
        pathway.id,
        CreateModuleSchema.parse(moduleInput),
      );
      for (const resource of resources) {
        await service.createResource(
          owner,
          requestId,
          module.id,
          CreateResourceSchema.parse(resource),
        );
      }
    }
    await service.publishPathway(owner, requestId, pathway.id);
    loaded.push(pathway.id);
  }
  return { users: Object.keys(demoUsers).length, pathways: loaded };
}
