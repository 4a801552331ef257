import { Timestamp } from 'firebase-admin/firestore';
import { suppressionId } from '../../../shared/email/preferences';
import { DEFAULT_WATCHER_POLICY } from '../../../shared/email/watcher';
import { createUser } from '../../helpers/auth';
import { samples } from '../../helpers/email-samples';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import { sendSampleNotification, sinkMessages, waitForSink } from '../../helpers/mail';
import { adminAuth, db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * The delivery watcher against the local deliverer (the extension's state machine) and SMTP
 * sink: a `+tempfail` address gets 451 (temporary), a `.invalid` domain 550 (a bounce).
 */
const HOUR = 3600_000;

async function mailTo(address: string) {
  const learner = await createUser('learner', 'watch');
  await adminAuth().updateUser(learner.uid, { email: address });
  return { learner, ...(await sendSampleNotification(learner)) };
}

const read = async (ref: FirebaseFirestore.DocumentReference) =>
  (await ref.get()).data() as Record<string, any>;

const errored = (ref: FirebaseFirestore.DocumentReference, attempts: number) =>
  waitFor(
    () => read(ref),
    (d) => d.delivery?.state === 'ERROR' && d.delivery.attempts === attempts,
  );

describe('watchMail (scheduled)', () => {
  it('sends an ERROR mail back to RETRY on its tick, and the deliverer then delivers it', async () => {
    const stamp = Date.now();
    const failing = `watch-${stamp}+tempfail@test.pathwise.dev`;
    const { ref } = await mailTo(failing);
    const first = await errored(ref, 1);
    expect(first.delivery.error).toMatch(/451/);
    // The mailbox is back, and the failure is old enough for the first backoff step.
    const working = `watch-${stamp}@test.pathwise.dev`;
    await ref.update({ to: working, 'delivery.endTime': Timestamp.fromMillis(Date.now() - HOUR) });

    const tick = pubsubEvent('mail-watch-tick', {});
    expect((await deliverEvent('watchMail', tick, { token: null })).status).toBe(401);
    expect((await read(ref)).delivery.state).toBe('ERROR');
    expect((await deliverEvent('watchMail', tick)).status).toBe(204);

    const delivered = await waitFor(
      () => read(ref),
      (d) => d.delivery?.state === 'SUCCESS',
    );
    expect(delivered.pathwise.watch).toMatchObject({ retries: 1, given_up: false });
    expect(delivered.pathwise.watch.last_error).toMatch(/451/);
    const [message] = await waitForSink(working);
    expect(message?.subject).toBe(delivered.message.subject);
  });
});

describe('MailWatch', () => {
  it('retries a temporary failure with backoff up to the limit, then gives up and tells the entity', async () => {
    const address = `exhaust-${Date.now()}+tempfail@test.pathwise.dev`;
    const { learner, id, ref } = await mailTo(address);
    const watch = testServices().email.watch;
    let now = Date.now();
    await errored(ref, 1);
    // Too early for the first retry: nothing happens.
    await watch.run(new Date(now + 1000));
    expect((await read(ref)).delivery.state).toBe('ERROR');
    for (let retry = 1; retry <= DEFAULT_WATCHER_POLICY.maxRetries; retry += 1) {
      now += 2 * HOUR;
      await watch.run(new Date(now));
      const doc = await errored(ref, retry + 1);
      expect(doc.pathwise.watch.retries).toBe(retry);
    }
    now += 2 * HOUR;
    await watch.run(new Date(now));
    const final = await read(ref);
    expect(final.delivery.state).toBe('ERROR');
    expect(final.delivery.error).toMatch(/^Pathwise gave up \(retries_exhausted\)/);
    expect(final.pathwise.watch).toMatchObject({ given_up: true, retries: 5 });

    const profile = (await db().collection('users').doc(learner.uid).get()).data();
    expect(profile?.mail_failures?.[id]).toMatchObject({
      mail_id: id,
      template: 'notification',
      reason: 'retries_exhausted',
      attempts: 6,
    });
    // Given up is final: later passes leave it alone.
    await watch.run(new Date(now + 10 * HOUR));
    expect((await read(ref)).pathwise.watch.retries).toBe(5);
    expect((await sinkMessages()).some((m) => m.envelope.rcpt_to.includes(address))).toBe(false);
  });

  it('gives up on a bounce at once and suppresses the address for every later mail', async () => {
    const address = `bounce-${Date.now()}@mailbox.invalid`;
    const { learner, id, ref } = await mailTo(address);
    await errored(ref, 1);
    await testServices().email.watch.run(new Date());
    const final = await read(ref);
    expect(final.pathwise.watch).toMatchObject({ given_up: true, retries: 0 });
    const suppression = await db().collection('mailSuppressions').doc(suppressionId(address)).get();
    expect(suppression.data()).toMatchObject({ reason: 'bounced' });
    const profile = (await db().collection('users').doc(learner.uid).get()).data();
    expect(profile?.mail_failures?.[id]?.reason).toBe('recipient_rejected');
    const mailer = testServices().email.mailer;
    expect(
      await mailer.send(
        await mailer.recipient(learner.uid),
        {
          template: 'password_reset',
          data: samples.password_reset,
          entity: { collection: 'users', id: learner.uid },
          period: null,
        },
        new Date(),
      ),
    ).toEqual({ status: 'skipped', reason: 'suppressed_bounced' });
  });
});
