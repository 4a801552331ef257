import { mailId, type MailKey } from '../../shared/email/documents';
import { MAIL_COLLECTION } from '../../shared/email/model';
import type { StoredMessage } from '../../infra/local/mail-sink';
import { api } from './api';
import type { TestUser } from './auth';
import { samples } from './email-samples';
import { db, testServices } from './services';
import { waitFor } from './wait';

/** The `mail/` document of a key, as the triggers write it (undefined when none was written). */
export async function mailDocument(
  key: MailKey,
): Promise<(Record<string, any> & { id: string }) | undefined> {
  const id = mailId(key);
  const data = (await db().collection(MAIL_COLLECTION).doc(id).get()).data();
  return data ? { id, ...data } : undefined;
}

/** Every `mail/` document addressed to `email`. */
export async function mailTo(email: string): Promise<Record<string, any>[]> {
  const snap = await db().collection(MAIL_COLLECTION).where('to', '==', email).get();
  return snap.docs.map((d) => ({ id: d.id, ...d.data() }));
}

/**
 * The sample notification sent to a learner through the mailer (the one way Pathwise sends), and
 * the `mail/` document it queued for the deliverer. Their quiet hours are switched off through
 * the API first (which also gives them the profile a give-up notice is recorded on), so the mail
 * is queued at once whatever the hour, not scheduled for the morning.
 */
export async function sendSampleNotification(
  learner: TestUser,
): Promise<{ id: string; ref: FirebaseFirestore.DocumentReference }> {
  const uid = learner.uid;
  await api(learner.token).patch('/api/v1/users/me/notifications', { quiet_hours: null });
  const mailer = testServices().email.mailer;
  const outcome = await mailer.send(
    await mailer.recipient(uid),
    {
      template: 'notification',
      data: samples.notification,
      entity: { collection: 'users', id: uid },
      period: null,
    },
    new Date(),
  );
  if (outcome.status !== 'queued') throw new Error(`not queued: ${JSON.stringify(outcome)}`);
  return { id: outcome.id, ref: db().collection(MAIL_COLLECTION).doc(outcome.id) };
}

type SinkMessage = Omit<StoredMessage, 'raw'>;

function sinkUrl(): string {
  const url = process.env.PATHWISE_MAIL_SINK_URL;
  if (!url)
    throw new Error('PATHWISE_MAIL_SINK_URL is not set: run emulator tests through npm test');
  return url;
}

/** What the local SMTP sink received, over its JSON API. */
export async function sinkMessages(): Promise<SinkMessage[]> {
  const response = await fetch(new URL('api/messages', sinkUrl()));
  return ((await response.json()) as { messages: SinkMessage[] }).messages;
}

/** Waits until the sink has received messages to `email` and answers them. */
export async function waitForSink(email: string, count = 1): Promise<SinkMessage[]> {
  const received = await waitFor(
    async () => (await sinkMessages()).filter((m) => m.envelope.rcpt_to.includes(email)),
    (messages) => messages.length >= count,
  );
  return received;
}
