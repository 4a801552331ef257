import { randomUUID } from 'node:crypto';
import { ExtensionMailSchema, PathwiseMailDocumentSchema } from '../../../shared/email/model';
import type { MailRecipient } from '../../../shared/email/mailer';
import { TEMPLATE_NAMES, type TemplateName } from '../../../shared/email/templates/index';
import { api } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { samples } from '../../helpers/email-samples';
import { mailDocument, mailTo, waitForSink } from '../../helpers/mail';
import { adminAuth, testServices } from '../../helpers/services';

/**
 * The one way triggers send mail, against Firestore, Auth and the local SMTP sink: what it
 * decides, what it writes, and what arrives.
 */
const mailer = () => testServices().email.mailer;
const now = () => new Date();

async function learnerWithEmail(email?: string) {
  const user = await createUser('learner', 'mailer');
  if (email) await adminAuth().updateUser(user.uid, { email });
  return { ...user, email: email ?? user.email };
}

function request<N extends TemplateName>(template: N, entityId: string) {
  return {
    template,
    data: samples[template],
    entity: { collection: 'users' as const, id: entityId },
    period: null,
  };
}

describe('Mailer', () => {
  it('renders every template into a document the extension accepts and the sink receives intact', async () => {
    const learner = await learnerWithEmail();
    await api(learner.token).patch('/api/v1/users/me/notifications', { quiet_hours: null });
    const recipient = await mailer().recipient(learner.uid);
    for (const template of TEMPLATE_NAMES) {
      const outcome = await mailer().send(recipient, request(template, learner.uid), now());
      expect(outcome).toMatchObject({ status: 'queued' });
    }
    const documents = await mailTo(learner.email);
    expect(documents.map((d) => d.pathwise.template).sort()).toEqual([...TEMPLATE_NAMES].sort());
    for (const doc of documents) {
      expect(ExtensionMailSchema.safeParse(doc).success).toBe(true);
      expect(PathwiseMailDocumentSchema.safeParse(doc).success).toBe(true);
      for (const part of [doc.message.subject, doc.message.text, doc.message.html]) {
        expect(part).not.toMatch(/\{\{|\}\}|undefined|\[object Object\]/);
      }
    }
    const received = await waitForSink(learner.email, TEMPLATE_NAMES.length);
    for (const doc of documents) {
      const message = received.find((m) => m.subject === doc.message.subject);
      expect(message?.text?.trim()).toBe(doc.message.text.trim());
      expect(message?.html?.trim()).toBe(doc.message.html.trim());
      expect(message?.headers['x-pathwise-mail-id']).toEqual([doc.id]);
      if (doc.headers['List-Unsubscribe']) {
        expect(message?.headers['list-unsubscribe']).toEqual([doc.headers['List-Unsubscribe']]);
        expect(message?.headers['list-unsubscribe-post']).toEqual(['List-Unsubscribe=One-Click']);
      }
    }
  });

  it('writes one mail for 100 concurrent duplicate triggers', async () => {
    const learner = await learnerWithEmail();
    const recipient = await mailer().recipient(learner.uid);
    const entity = `enrollment-${randomUUID()}`;
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () =>
        mailer().send(recipient, request('enrollment_confirmation', entity), now()),
      ),
    );
    const statuses = outcomes.map((o) => o.status);
    expect(statuses.filter((s) => s === 'queued')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(99);
    expect(await mailTo(learner.email)).toHaveLength(1);
    await waitForSink(learner.email);
  });

  it('sends nothing of an unsubscribed category while a password reset still goes out', async () => {
    const learner = await learnerWithEmail();
    const off = await api(learner.token).patch('/api/v1/users/me/notifications', {
      categories: { learning_activity: false },
    });
    expect(off.status).toBe(200);
    const recipient = await mailer().recipient(learner.uid);
    expect(
      await mailer().send(recipient, request('enrollment_confirmation', learner.uid), now()),
    ).toEqual({ status: 'skipped', reason: 'category_off' });
    expect(
      await mailer().send(recipient, request('password_reset', learner.uid), now()),
    ).toMatchObject({ status: 'queued' });
    const documents = await mailTo(learner.email);
    expect(documents.map((d) => d.pathwise.template)).toEqual(['password_reset']);
  });

  it('never mails a suppressed address, not even a password reset', async () => {
    const learner = await learnerWithEmail();
    await testServices().email.repository.suppress(learner.email.toUpperCase(), {
      reason: 'complained',
      at: now(),
      source: 'feedback-loop',
    });
    const recipient: MailRecipient = await mailer().recipient(learner.uid);
    for (const template of ['password_reset', 'submission_review'] as const) {
      expect(await mailer().send(recipient, request(template, learner.uid), now())).toEqual({
        status: 'skipped',
        reason: 'suppressed_complained',
      });
    }
    expect(
      await mailDocument({
        type: 'password_reset',
        user_id: learner.uid,
        entity: { collection: 'users', id: learner.uid },
        period: null,
      }),
    ).toBeUndefined();
  });

  it('holds deferrable mail through quiet hours and releases it when they end; immediate mail goes at once', async () => {
    const learner = await learnerWithEmail();
    const hhmm = (offsetMinutes: number) =>
      new Date(Date.now() + offsetMinutes * 60_000).toISOString().slice(11, 16);
    // Quiet from an hour ago to an hour from now, in the learner's timezone (UTC by default).
    await api(learner.token).patch('/api/v1/users/me/notifications', {
      quiet_hours: { start: hhmm(-60), end: hhmm(60) },
    });
    const recipient = await mailer().recipient(learner.uid);
    const held = await mailer().send(recipient, request('submission_review', learner.uid), now());
    expect(held).toMatchObject({ status: 'scheduled' });
    const at = (held as { at: Date }).at;
    expect(at.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(at.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(
      await mailer().send(recipient, request('submission_review', learner.uid), now()),
    ).toEqual({ status: 'duplicate', id: (held as { id: string }).id });
    expect(
      await mailer().send(recipient, request('invalid_upload', learner.uid), now()),
    ).toMatchObject({ status: 'queued' });
    expect((await mailTo(learner.email)).map((d) => d.pathwise.template)).toEqual([
      'invalid_upload',
    ]);

    const watch = testServices().email.watch;
    expect((await watch.run(new Date(at.getTime() - 1000))).released).toBe(0);
    expect((await watch.run(new Date(at.getTime() + 1000))).released).toBeGreaterThanOrEqual(1);
    const templates = (await mailTo(learner.email)).map((d) => d.pathwise.template).sort();
    expect(templates).toEqual(['invalid_upload', 'submission_review']);
    expect((await waitForSink(learner.email, 2)).map((m) => m.subject).sort()).toEqual(
      (await mailTo(learner.email)).map((d) => d.message.subject).sort(),
    );
    // Released once: a later pass finds nothing more to release for it.
    await watch.run(new Date(at.getTime() + 2000));
    expect(await mailTo(learner.email)).toHaveLength(2);
  });
});
