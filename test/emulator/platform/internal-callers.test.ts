import { randomUUID } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import { api, call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';
import {
  accounts,
  deliverEvent,
  finalizedEvent,
  forgedTokens,
  functionUrl,
  pubsubEvent,
  stackToken,
} from '../../helpers/events';
import { collect } from '../../helpers/pubsub';
import { db, submissionsBucket } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import {
  enrolledLearner,
  openUpload,
  submission,
  uploadPng,
  useSubmissionsFixture,
} from '../submissions/fixture';
import { reservedIds } from '../../helpers/quotas';

/**
 * Security finding 7: internal functions trusted anyone who reached them. Each one now takes only
 * a Google-signed OIDC token of its own service account for its own URL: the tasks invoker for
 * Cloud Tasks targets, the trigger invoker for Eventarc (Storage and Pub/Sub) deliveries. Every
 * refused call must change nothing.
 */
const fx = useSubmissionsFixture();

/** The tokens an attacker (or a confused service) could present, and the status each gets. */
async function refusedTokens(functionName: string, rightAccount: string, wrongAccount: string) {
  const forged = await forgedTokens(functionName, rightAccount);
  return [
    { what: 'no token', token: null, status: 401 },
    { what: 'a self-signed token', token: forged.selfSigned, status: 401 },
    { what: 'an unsigned (alg none) token', token: forged.unsigned, status: 401 },
    {
      what: "a genuine token for another function's URL",
      token: await stackToken(functionName, {
        email: rightAccount,
        audience: functionUrl('catalogApi'),
      }),
      status: 401,
    },
    {
      what: "another service account's genuine token",
      token: await stackToken(functionName, { email: wrongAccount }),
      status: 403,
    },
  ];
}

const reservations = (uid: string) => reservedIds(uid, 'submissions');

describe('expireUpload (Cloud Tasks target)', () => {
  it('refuses every caller but the tasks invoker, and leaves the upload and its quota alone', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'victim.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const id = opened.body.submission_id as string;
    const expire = (token: string | null) =>
      call('POST', functionUrl('expireUpload'), {
        ...(token ? { token } : {}),
        body: { submission_id: id },
      });

    const attempts = await refusedTokens(
      'expireUpload',
      accounts.tasksInvoker(),
      accounts.triggerInvoker(),
    );
    for (const attempt of attempts) {
      const answer = await expire(attempt.token);
      expect({ what: attempt.what, status: answer.status }).toEqual({
        what: attempt.what,
        status: attempt.status,
      });
      expect(answer.body.error.code).toBe(
        attempt.status === 401 ? 'unauthenticated' : 'permission_denied',
      );
    }
    expect((await submission(id)).status).toBe('awaiting_upload');
    expect(await reservations(learner.uid)).toContain(id);

    const genuine = await expire(
      await stackToken('expireUpload', { email: accounts.tasksInvoker() }),
    );
    expect(genuine.status).toBe(200);
    expect(genuine.body).toEqual({ submission_id: id, result: 'expired' });
    expect((await submission(id)).status).toBe('expired');
    expect(await reservations(learner.uid)).not.toContain(id);
  });
});

describe('onSubmissionUploaded (Eventarc storage trigger)', () => {
  it('refuses a forged upload-finished event for a recorded submission: its file stays live', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const doc = await submission(id);
    const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
    const forged = finalizedEvent({
      ...metadata,
      bucket: doc.bucket,
      name: doc.object_path,
      generation: String(Number(metadata.generation) + 1),
      size: '1',
    });

    const attempts = await refusedTokens(
      'onSubmissionUploaded',
      accounts.triggerInvoker(),
      accounts.tasksInvoker(),
    );
    for (const attempt of attempts) {
      const answer = await deliverEvent('onSubmissionUploaded', forged, { token: attempt.token });
      expect({ what: attempt.what, status: answer.status }).toEqual({
        what: attempt.what,
        status: attempt.status,
      });
    }
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(true);
    expect((await submissionsBucket().file(`quarantine/${doc.object_path}`).exists())[0]).toBe(
      false,
    );
    expect(await submission(id)).toMatchObject({ status: 'uploaded', updated_at: doc.updated_at });
    const download = await api(learner.token).get(`/api/v1/users/me/submissions/download/${id}`);
    expect((await fetch(download.body.signed_url)).status).toBe(200);
  });

  it('refuses a forged event for an upload that never arrived: nothing is recorded', async () => {
    const learner = await enrolledLearner(fx);
    const opened = await openUpload(learner, fx.exercise, {
      file_name: 'never.png',
      content_type: 'image/png',
      size_bytes: 1000,
    });
    const doc = await submission(opened.body.submission_id);
    const forged = finalizedEvent({
      bucket: doc.bucket,
      name: doc.object_path,
      generation: '1',
      size: '1000',
      contentType: 'image/png',
    });
    const answer = await deliverEvent('onSubmissionUploaded', forged, { token: null });
    expect(answer.status).toBe(401);
    expect((await submission(opened.body.submission_id)).status).toBe('awaiting_upload');
  });
});

describe('drainOutbox (Eventarc Pub/Sub trigger)', () => {
  it('publishes nothing for a caller without the trigger invoker token', async () => {
    const events = await collect('progress-events');
    try {
      const stale = `test-internal-${randomUUID()}`;
      const ref = db().collection('outbox').doc(stale);
      // Left by a relay that died holding it: the stack's relay for the new entry finds it held;
      // once the lease has run out, only the drain publishes it.
      await ref.set({
        topic: 'progress-events',
        event_id: stale,
        data: { type: 'resource_completed', event_id: stale, user_id: 'internal-callers' },
        key: `event:${stale}`,
        seq: 0,
        created_at: Timestamp.fromMillis(Date.now() - 5 * 60_000),
        claimed_until: Timestamp.fromMillis(Date.now() + 60_000),
        claim: 'a-relay-that-died',
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      await ref.update({ claimed_until: Timestamp.fromMillis(Date.now() - 1) });
      const tick = pubsubEvent('outbox-tick', {});
      const attempts = await refusedTokens(
        'drainOutbox',
        accounts.triggerInvoker(),
        accounts.tasksInvoker(),
      );
      for (const attempt of attempts) {
        const answer = await deliverEvent('drainOutbox', tick, { token: attempt.token });
        expect({ what: attempt.what, status: answer.status }).toEqual({
          what: attempt.what,
          status: attempt.status,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(events.messages.some((m) => m.data.event_id === stale)).toBe(false);
      expect((await db().collection('outbox').doc(stale).get()).exists).toBe(true);

      expect((await deliverEvent('drainOutbox', tick)).status).toBe(204);
      await events.waitFor((e) => e.event_id === stale);
    } finally {
      await events.close();
    }
  });
});

describe('onOutlineChanged (Eventarc Pub/Sub trigger)', () => {
  it('recomputes nothing for a forged outline event, and catches up for a genuine one', async () => {
    const instructor = await createUser('instructor');
    const tree = await buildPathway(instructor.token, [{ resources: [{ type: 'article' }] }], {
      publish: true,
    });
    const learner = await createUser('learner');
    await api(learner.token).post(
      `/api/v1/users/me/resources/${tree.modules[0]?.resources[0]}/complete`,
    );
    const original = db().collection('enrollments').doc(`${learner.uid}_${tree.pathwayId}`);
    const pathway = (await db().collection('pathways').doc(tree.pathwayId).get()).data();
    const version = pathway?.outline_version as number;
    const enrollment = await waitFor(
      async () => (await original.get()).data(),
      (e) => e?.outline_version === version,
    );
    // A copy of the pathway and of the enrollment, stale, written straight to Firestore: the
    // pathway's own outline events may still be queued behind earlier suites' traffic, but none is
    // about the copy, so only the calls below can recompute it.
    const copyId = `${tree.pathwayId}-copy`;
    await db()
      .collection('pathways')
      .doc(copyId)
      .set(pathway ?? {});
    const ref = db().collection('enrollments').doc(`${learner.uid}_${copyId}`);
    await ref.set({
      ...enrollment,
      pathway_id: copyId,
      outline_version: 1,
      pathway: { ...enrollment?.pathway, pathway_progress: 3 },
    });
    const event = pubsubEvent('outline-changed', {
      type: 'outline_changed',
      event_id: `outline-changed:${copyId}:${version}`,
      pathway_id: copyId,
      outline_version: version,
      change: 'test',
      request_id: 'internal-callers',
      event_time: new Date().toISOString(),
    });

    const attempts = await refusedTokens(
      'onOutlineChanged',
      accounts.triggerInvoker(),
      accounts.tasksInvoker(),
    );
    for (const attempt of attempts) {
      const answer = await deliverEvent('onOutlineChanged', event, { token: attempt.token });
      expect({ what: attempt.what, status: answer.status }).toEqual({
        what: attempt.what,
        status: attempt.status,
      });
    }
    expect((await ref.get()).data()).toMatchObject({
      outline_version: 1,
      pathway: { pathway_progress: 3 },
    });

    expect((await deliverEvent('onOutlineChanged', event)).status).toBe(204);
    expect((await ref.get()).data()).toMatchObject({
      outline_version: version,
      pathway: { pathway_progress: 100 },
    });
  });
});
