import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { faultMarker, type FaultPoint } from '../../../shared/platform/faults';
import { Stages } from '../../../shared/generation/plan';
import { Topics } from '../../../shared/triggers';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type TreeModule } from '../../helpers/catalog';
import { deliverEvent, deliverUntilSettled, pubsubEvent } from '../../helpers/events';
import { fileBytes } from '../../helpers/files';
import { replannableGoal } from '../../helpers/learning-paths';
import { collect, type Collector } from '../../helpers/pubsub';
import { outboxEvents } from '../../helpers/outbox';
import { eventsOf } from '../../../shared/platform/outbox-entries';
import { db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  certificatesOf,
  completionEvent,
  enrollment,
  learnerNamed,
  mailTo,
} from '../certificates/fixture';
import { pollUntilDone, projectWithSources } from '../generation/fixture';
import { openUpload, put, settled } from '../submissions/fixture';

/**
 * Crash injection: the stack runs with every crash point armed (test/helpers/env.ts), and each
 * fires once for subjects carrying the marker, as a process dying at that point would. The
 * platform's own retry (Eventarc redelivery, the Storage emulator's retries, the outbox drain
 * once a lease runs out) must then finish the work with exactly-once effects and no stuck state.
 */
let instructor: TestUser;
let progressEvents: Collector<{ event_id: string; user_id?: string }>;

beforeAll(async () => {
  instructor = await createUser('instructor', 'crash');
  progressEvents = await collect(Topics.progressEvents);
});

afterAll(async () => {
  await progressEvents.close();
});

const marked = (point: FaultPoint) => `${faultMarker(point)}-${randomUUID().slice(0, 8)}`;
const complete = (learner: TestUser, id: string) =>
  api(learner.token).post(`/api/v1/users/me/resources/${id}/complete`);

function markedPathway(point: FaultPoint, modules: TreeModule[]) {
  return buildPathway(instructor.token, modules, { publish: true, id: marked(point) });
}

async function storedEvents(uid: string): Promise<string[]> {
  const snap = await db().collection('users').doc(uid).collection('events').get();
  return snap.docs.map((d) => d.data().source?.id as string).sort();
}

it('relay.afterPublish: a relay that dies after publishing is finished by the drain, each event taking effect once', async () => {
  const tree = await markedPathway('relay.afterPublish', [
    { resources: [{ type: 'video' }, { type: 'article' }] },
  ]);
  const learner = await createUser('learner', 'crash-relay');
  expect((await complete(learner, tree.modules[0]?.resources[0] as string)).status).toBe(200);
  const key = `enrollment:${learner.uid}_${tree.pathwayId}`;
  const outbox = db().collection('outbox');
  // The relay published and died: its entries stay, claimed until the lease runs out.
  const held = await waitFor(
    async () => (await outbox.where('key', '==', key).get()).docs,
    (docs) => docs.length > 0 && docs.every((d) => d.get('claim')),
  );
  const ids = held
    .flatMap((d) => eventsOf(d.data()))
    .filter((e) => e.topic === Topics.progressEvents)
    .map((e) => e.event_id)
    .sort();
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) await progressEvents.waitFor((m) => m.event_id === id);

  // A minute later: the lease is over and the entries are old enough for the drain.
  const past = Timestamp.fromMillis(Date.now() - 5 * 60_000);
  await Promise.all(held.map((d) => d.ref.update({ claimed_until: past, created_at: past })));
  expect((await deliverEvent('drainOutbox', pubsubEvent(Topics.outboxTick, {}))).status).toBe(204);
  await waitFor(
    async () => (await outbox.where('key', '==', key).get()).size,
    (left) => left === 0,
  );
  for (const id of ids) {
    await waitFor(
      async () => progressEvents.messages.filter((m) => m.data.event_id === id).length,
      (n) => n === 2,
    );
  }
  // Published twice (at least once), stored once by the consumer that dedupes by id. The stream
  // also holds the completion's learner activity (its source is the enrollment revision,
  // `uid_pathway:resource:revision`), staged in the same entry for learner-events.
  const fromProgress = (sources: string[]) =>
    sources.filter((s) => !s.startsWith(`${learner.uid}_`));
  const stored = await waitFor(
    () => storedEvents(learner.uid),
    (s) => fromProgress(s).length === ids.length,
  );
  expect(fromProgress(stored)).toEqual(ids);
});

it('finalize.beforeTransaction: an upload whose finalize died before recording is recorded once on retry', async () => {
  const tree = await markedPathway('finalize.beforeTransaction', [
    {
      resources: [
        {
          type: 'exercise',
          requires_upload: true,
          accepted_file_types: ['image/png'],
          max_file_size_mb: 5,
        },
      ],
    },
  ]);
  const exercise = tree.modules[0]?.resources[0] as string;
  const learner = await createUser('learner', 'crash-finalize');
  await api(learner.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`);
  const bytes = fileBytes('png', 2048);
  const opened = await openUpload(learner, exercise, {
    file_name: 'board.png',
    content_type: 'image/png',
    size_bytes: bytes.length,
  });
  expect((await put(opened.body.upload, bytes)).status).toBe(200);
  const doc = await settled(opened.body.submission_id);
  expect(doc).toMatchObject({ status: 'uploaded', attempt_number: 1 });
  const progress = await api(learner.token).get(`/api/v1/users/me/resources/${exercise}/progress`);
  expect(progress.body).toMatchObject({ status: 'submitted', submission_count: 1 });
  const all = await db().collection('submissions').where('user_id', '==', learner.uid).get();
  expect(all.size).toBe(1);
});

it('recompute.afterBatch: a recompute that died after its batch is not applied twice on redelivery', async () => {
  const tree = await markedPathway('recompute.afterBatch', [
    { resources: [{ type: 'video' }, { type: 'article' }] },
  ]);
  const learners = await Promise.all([1, 2, 3].map(() => createUser('learner', 'crash-recompute')));
  for (const learner of learners)
    for (const id of tree.modules[0]?.resources ?? []) await complete(learner, id);
  const before = await Promise.all(learners.map((l) => enrollment(l.uid, tree.pathwayId)));
  const moduleId = tree.modules[0]?.id as string;
  const added = await api(instructor.token).post(`/api/v1/modules/${moduleId}/resources`, {
    id: `${moduleId}-added`,
    title: 'Added',
    type: 'article',
    duration_minutes: 5,
  });
  expect(added.status).toBe(201);
  const version = (await db().collection('pathways').doc(tree.pathwayId).get()).get(
    'outline_version',
  ) as number;
  const after = await Promise.all(
    learners.map((l) =>
      waitFor(
        () => enrollment(l.uid, tree.pathwayId),
        (e) => e.outline_version === version,
      ),
    ),
  );
  // Give the redelivery of the crashed event time to arrive and find nothing left to do.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const settledAfter = await Promise.all(learners.map((l) => enrollment(l.uid, tree.pathwayId)));
  after.forEach((e, i) => {
    expect(e.revision).toBe((before[i]?.revision ?? 0) + 1);
    expect(settledAfter[i]?.revision).toBe(e.revision);
    expect(e.pathway).toMatchObject({ required_done: 2, required_total: 3 });
    expect(e.pathway.completed_at).toEqual(before[i]?.pathway.completed_at);
  });
});

it('issuance.afterPdf: an issuance that died after its PDF is finished by the redelivered event once its lease is over', async () => {
  const tree = await markedPathway('issuance.afterPdf', [{ resources: [{ type: 'video' }] }]);
  const learner = await learnerNamed('Crash Lovelace');
  expect((await complete(learner, tree.modules[0]?.resources[0] as string)).status).toBe(200);
  // The event's attempt claimed, stored its PDF and died; its redelivery waits on the claim.
  const claimed = await waitFor(
    () => enrollment(learner.uid, tree.pathwayId),
    (e) => e.certificate?.status === 'issuing',
  );
  const id = claimed.certificate?.certificate_id as string;
  await waitFor(
    async () =>
      (
        await testServices().clients.certificatesBucket.getFiles({ prefix: `certificates/${id}/` })
      )[0].length,
    (n) => n >= 1,
  );
  // A redelivery of the completion arrives while the dead attempt's lease still holds: it must
  // not be acknowledged with the certificate unfinished, as nothing else would finish it, nor sit
  // out the lease in the handler: it is refused at once as retryable, for the platform's backoff.
  const event = pubsubEvent(
    Topics.progressEvents,
    await completionEvent(learner.uid, tree.pathwayId),
  );
  const held = await deliverEvent('issueCertificates', event);
  expect(held.status).toBe(503);
  expect((await enrollment(learner.uid, tree.pathwayId)).certificate?.status).toBe('issuing');
  // The lease runs out (fast-forwarded); nobody asks: the next redelivery takes over and finishes
  // the dead attempt's certificate under its reserved id.
  await db()
    .collection('enrollments')
    .doc(`${learner.uid}_${tree.pathwayId}`)
    .update({ 'certificate.lease_until': Timestamp.fromMillis(Date.now() - 1000) });
  expect((await deliverUntilSettled('issueCertificates', event)).status).toBe(204);
  const done = await enrollment(learner.uid, tree.pathwayId);
  expect(done.certificate).toMatchObject({ certificate_id: id, status: 'issued' });
  // Later redeliveries and the learner's request find it issued: one certificate, one mail.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const asked = await api(learner.token).post(
    `/api/v1/users/me/pathways/${tree.pathwayId}/certificate`,
  );
  expect(asked.status).toBe(200);
  expect(asked.body.certificate_id).toBe(id);
  const issued = await certificatesOf(learner.uid, tree.pathwayId);
  expect(issued.map((c) => c.certificate_id)).toEqual([id]);
  expect((await mailTo(learner.email)).length).toBe(1);
  const [objects] = await testServices().clients.certificatesBucket.getFiles({
    prefix: `certificates/${id}/`,
  });
  expect(objects.map((o) => o.name)).toContain(issued[0]?.pdf_object_path);
}, 120_000);

it('generation.afterUnit: a stage that died after storing a unit resumes from it and the run finishes once', async () => {
  const owner = await createUser('instructor', 'crash-generation');
  const id = await projectWithSources(owner, undefined, {
    title: `Git ${marked('generation.afterUnit')}`,
  });
  expect((await api(owner.token).post(`/api/course-generation/${id}/start`)).status).toBe(202);
  const polls = await pollUntilDone(owner, id, 90_000);
  expect(polls.at(-1)?.status).toBe('SUCCESS');
  const project = db().collection('courseProjects').doc(id);
  expect((await project.get()).data()).toMatchObject({ status: 'ready', run_active: false });
  const stages = await Promise.all(
    Stages.map(async (stage) => (await project.collection('stages').doc(stage).get()).data()),
  );
  expect(stages.map((s) => s?.status)).toEqual(Stages.map(() => 'SUCCESS'));
  // A first run reuses nothing, except the unit the crashed attempt stored before dying.
  const reused = stages.reduce((sum, s) => sum + (s?.units_reused ?? 0), 0);
  expect(reused).toBeGreaterThanOrEqual(1);
});

it('refold.afterCommit: a consumer that died after a refold moved a level still replans the path, once', async () => {
  const learner = await createUser('learner', marked('refold.afterCommit'));
  const goal = await replannableGoal(instructor, learner);
  expect(goal.first.body.version).toBe(1);
  // The quiz moves the skill's band; the consumer whose refold committed that dies before
  // answering, and its redelivery folds nothing: only the replan staged in the refold's own
  // commit can plan the path again.
  await goal.passQuiz();
  const versions = async () =>
    (await api(learner.token).get(goal.versionsUrl)).body.versions as {
      version: number;
      trigger: { kind: string };
    }[];
  const replanned = await waitFor(versions, (v) => v.length >= 2);
  expect(replanned.map((v) => [v.version, v.trigger.kind])).toEqual([
    [1, 'requested'],
    [2, 'level_changed'],
  ]);
  // The redelivered consumer and the relay's drain settle without a second version.
  await waitFor(
    async () =>
      (await outboxEvents()).filter(
        (e) => e.topic === Topics.pathReplans && e.event_id.includes(learner.uid),
      ).length,
    (left) => left === 0,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await versions()).toHaveLength(2);
});
