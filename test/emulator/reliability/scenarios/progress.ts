import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../../../shared/events';
import type { EnrollmentDoc } from '../../../../shared/progress/model';
import { Topics } from '../../../../shared/triggers';
import { api } from '../../../helpers/api';
import { createUser } from '../../../helpers/auth';
import { buildPathway } from '../../../helpers/catalog';
import { pubsubEvent } from '../../../helpers/events';
import { db, testServices } from '../../../helpers/services';
import { waitFor } from '../../../helpers/wait';
import {
  certificatePathway,
  certificatesOf,
  completeAll,
  enrollment,
  issuedCertificate,
  learnerNamed,
  mailTo,
} from '../../certificates/fixture';
import { redeliver, type Scenario } from './scenario';

/** A progress event as progress publishes it (shared/progress/events.ts). */
function progressEvent(
  userId: string,
  pathwayId: string,
  type: ProgressEvent['type'],
  resourceId: string | null,
  revision: number,
): ProgressEvent {
  const key = `${userId}_${pathwayId}`;
  return {
    type,
    event_id: `${type}:${key}:${resourceId ?? pathwayId}:${revision}`,
    user_id: userId,
    pathway_id: pathwayId,
    module_id: null,
    resource_id: resourceId,
    old: { status: 'in_progress' },
    new: { status: 'completed' },
    outline_version: 1,
    request_id: `req-${randomUUID()}`,
    event_time: new Date(Date.UTC(2026, 0, 15, 9, revision)).toISOString(),
  };
}

/** What an enrollment shows, without ids or times. */
function enrollmentState(doc: EnrollmentDoc | undefined) {
  if (!doc) return null;
  return {
    outline_version: doc.outline_version,
    revision: doc.revision,
    statuses: Object.values(doc.resources)
      .map((r) => r.status)
      .sort(),
    pathway: {
      pathway_progress: doc.pathway.pathway_progress,
      required_done: doc.pathway.required_done,
      required_total: doc.pathway.required_total,
      completed_modules: doc.pathway.completed_modules,
      total_modules: doc.pathway.total_modules,
      completed: doc.pathway.completed_at !== null,
    },
    certificate: doc.certificate?.status ?? null,
  };
}

export const onProgressEvent: Scenario = {
  async prepare() {
    const learner = await createUser('learner', 'dup-events');
    const pathway = `pw-${randomUUID().slice(0, 8)}`;
    const topic = Topics.progressEvents;
    const first = progressEvent(learner.uid, pathway, 'resource_completed', 'r1', 1);
    const later = progressEvent(learner.uid, pathway, 'resource_completed', 'r2', 2);
    return {
      deliver: redeliver('onProgressEvent', pubsubEvent(topic, first)),
      deliverLater: redeliver('onProgressEvent', pubsubEvent(topic, later)),
      async observe() {
        const events = await db().collection('users').doc(learner.uid).collection('events').get();
        return events.docs.map((d) => `${d.data().kind}:${d.data().data?.resource_id}`).sort();
      },
    };
  },
};

let certificateInstructor: Promise<Awaited<ReturnType<typeof createUser>>> | undefined;

export const issueCertificates: Scenario = {
  async prepare() {
    certificateInstructor ??= createUser('instructor', 'dup-certificates');
    const tree = await certificatePathway(await certificateInstructor);
    const learner = await learnerNamed('Ada Duplicate');
    await completeAll(learner, tree);
    const done = await enrollment(learner.uid, tree.pathwayId);
    const completed = {
      ...progressEvent(learner.uid, tree.pathwayId, 'pathway_completed', null, done.revision),
      old: { pathway_progress: 50, completed: false },
      new: { pathway_progress: 100, completed: true },
    };
    const resource = tree.modules[0]?.resources[0] as string;
    const later = progressEvent(learner.uid, tree.pathwayId, 'resource_completed', resource, 99);
    const topic = Topics.progressEvents;
    return {
      deliver: redeliver('issueCertificates', pubsubEvent(topic, completed)),
      deliverLater: redeliver('issueCertificates', pubsubEvent(topic, later)),
      async observe() {
        await issuedCertificate(learner.uid, tree.pathwayId);
        const certificates = await certificatesOf(learner.uid, tree.pathwayId);
        const objects = await Promise.all(
          certificates.map(async (c) => {
            const [files] = await testServices().clients.certificatesBucket.getFiles({
              prefix: `certificates/${c.certificate_id}/`,
            });
            return files.length;
          }),
        );
        return {
          certificates: certificates.map((c) => ({
            revoked: c.revoked_at !== null,
            supersedes: c.supersedes,
          })),
          pdfs: objects,
          mails: (await mailTo(learner.email)).length,
          enrollment: enrollmentState(await enrollment(learner.uid, tree.pathwayId)),
        };
      },
    };
  },
};

let outlineInstructor: Promise<Awaited<ReturnType<typeof createUser>>> | undefined;

export const onOutlineChanged: Scenario = {
  async prepare() {
    outlineInstructor ??= createUser('instructor', 'dup-outline');
    const instructor = await outlineInstructor;
    const tree = await buildPathway(
      instructor.token,
      [{ resources: [{ type: 'video' }, { type: 'article' }] }],
      { publish: true },
    );
    const learner = await createUser('learner', 'dup-outline');
    for (const id of tree.modules[0]?.resources ?? [])
      await api(learner.token).post(`/api/v1/users/me/resources/${id}/complete`);
    const moduleId = tree.modules[0]?.id as string;
    const pathways = db().collection('pathways');
    /** Adds a required article: the outline's next version, and its event as published. */
    const grow = async (n: number) => {
      const added = await api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, {
        id: `${moduleId}-added${n}`,
        title: `Added ${n}`,
        type: 'article',
        duration_minutes: 5,
      });
      if (added.status !== 201) throw new Error(`add resource: ${added.status}`);
      const version = (await pathways.doc(tree.pathwayId).get()).data()?.outline_version as number;
      return pubsubEvent(Topics.outlineChanged, {
        type: 'outline_changed',
        event_id: `outline-changed:${tree.pathwayId}:${version}`,
        pathway_id: tree.pathwayId,
        outline_version: version,
        change: 'resource_created',
        request_id: `req-${randomUUID()}`,
        event_time: new Date().toISOString(),
      });
    };
    const first = await grow(1);
    let later: Awaited<ReturnType<typeof grow>> | undefined;
    const caughtUp = async () => {
      const version = (await pathways.doc(tree.pathwayId).get()).data()?.outline_version;
      return waitFor(
        () => enrollment(learner.uid, tree.pathwayId),
        (e) => e?.outline_version === version,
      );
    };
    return {
      deliver: redeliver('onOutlineChanged', first),
      async deliverLater() {
        later ??= await grow(2);
        return redeliver('onOutlineChanged', later)();
      },
      observe: async () => enrollmentState(await caughtUp()),
    };
  },
};
