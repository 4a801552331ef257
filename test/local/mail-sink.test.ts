/**
 * The local mail path end to end without Firestore: a `mail/` document built by the email
 * modules goes through the extension's state machine and nodemailer to the SMTP sink
 * (smtp-server + mailparser on loopback), and comes out of the sink's HTTP API as it went in.
 */
import {
  attemptPatch,
  nextStep,
  stillProcessing,
  type DeliveryPatch,
} from '../../infra/local/mail-sink/delivery';
import { startMailSink, type MailSink } from '../../infra/local/mail-sink';
import { MailSender } from '../../infra/local/mail-sink/sender';
import { composeMail } from '../../shared/email/documents';
import { DeliverySchema, type PathwiseMailDocument } from '../../shared/email/model';
import { watch } from '../../shared/email/watcher';
import { samples } from '../helpers/email-samples';
import { settings } from '../helpers/email-settings';

const from = 'Pathwise <no-reply@pathwise.example>';

/** Applies a patch the way Firestore `update()` reads dotted field paths. */
function apply(doc: Record<string, unknown>, patch: DeliveryPatch): void {
  for (const [path, value] of Object.entries(patch)) {
    const keys = path.split('.');
    let target = doc;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Record<string, unknown>;
    target[keys.at(-1)!] = value;
  }
}

/** One document through the extension's steps: initialise, lease, send, record. */
async function deliver(sender: MailSender, doc: Record<string, unknown>, now: Date) {
  for (const expected of ['initialize', 'lease'] as const) {
    const step = nextStep(doc, now);
    expect(step.kind).toBe(expected);
    if (step.kind === 'ignore') throw new Error('unexpected');
    apply(doc, step.patch);
  }
  const delivery = stillProcessing(doc)!;
  const result = await sender.send(doc);
  apply(doc, attemptPatch(delivery, result, now));
  return DeliverySchema.parse(doc.delivery);
}

function weeklyReport(email: string): PathwiseMailDocument {
  return composeMail({
    template: 'weekly_progress',
    data: samples.weekly_progress,
    recipient: { uid: 'uid-amara', email },
    entity: { collection: 'users', id: 'uid-amara' },
    period: '2025-W10',
    settings,
    now: new Date(),
  }).document;
}

describe('local mail sink', () => {
  let sink: MailSink;
  let sender: MailSender;

  beforeAll(async () => {
    sink = await startMailSink();
    sender = MailSender.smtp(sink.smtp, { from });
  });

  afterAll(async () => {
    sender.close();
    await sink.stop();
  });

  beforeEach(() => sink.clear());

  it('listens on loopback only', () => {
    expect(sink.smtp.host).toBe('127.0.0.1');
    expect(new URL(sink.url).hostname).toBe('127.0.0.1');
  });

  it('receives what the document says: both parts and the unsubscribe headers', async () => {
    const document = weeklyReport('amara@example.com');
    const doc = structuredClone(document) as unknown as Record<string, unknown>;
    const delivery = await deliver(sender, doc, new Date());
    expect(delivery).toMatchObject({
      state: 'SUCCESS',
      attempts: 1,
      error: null,
      leaseExpireTime: null,
      info: { accepted: ['amara@example.com'], rejected: [], pending: [] },
    });
    expect(delivery.info?.response).toMatch(/^250 /);

    const list = (await (await fetch(new URL('/api/messages', sink.url))).json()) as any;
    expect(list.messages).toHaveLength(1);
    const received = list.messages[0];
    expect(received.envelope).toEqual({
      mail_from: 'no-reply@pathwise.example',
      rcpt_to: ['amara@example.com'],
    });
    expect(received.message_id).toBe(delivery.info?.messageId);
    expect(received.subject).toBe(document.message.subject);
    expect(received.text.trim()).toBe(document.message.text.trim());
    expect(received.html).toBe(document.message.html);
    expect(received.headers['list-unsubscribe']).toEqual([document.headers['List-Unsubscribe']]);
    expect(received.headers['list-unsubscribe-post']).toEqual(['List-Unsubscribe=One-Click']);
    expect(received.headers['x-pathwise-mail-id']).toEqual([
      document.headers['X-Pathwise-Mail-Id'],
    ]);
    expect(received.headers['auto-submitted']).toEqual(['auto-generated']);
    expect(received.headers['content-type'][0]).toMatch(/^multipart\/alternative/);
  });

  it('shows received mail in an HTML list and serves each part, the HTML sandboxed', async () => {
    const document = weeklyReport('amara@example.com');
    await deliver(sender, structuredClone(document) as any, new Date());
    const stored = await sink.waitFor((m) => m.subject === document.message.subject);

    const page = await fetch(sink.url);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`href="/messages/${stored.id}/html"`);
    expect(html).toContain('Your week on Pathwise: 7 resources completed');

    const part = await fetch(new URL(`/messages/${stored.id}/html`, sink.url));
    expect(part.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await part.text()).toBe(document.message.html);
    const text = await fetch(new URL(`/messages/${stored.id}/text`, sink.url));
    expect((await text.text()).trim()).toBe(document.message.text.trim());
    const raw = await fetch(new URL(`/messages/${stored.id}/raw`, sink.url));
    expect(await raw.text()).toMatch(/^List-Unsubscribe:\r?\n? <https:/m);

    expect((await fetch(new URL('/messages/999/html', sink.url))).status).toBe(404);
    expect((await fetch(new URL('/api/messages', sink.url), { method: 'POST' })).status).toBe(405);
  });

  it('escapes message fields in the list page', async () => {
    const doc = {
      to: 'amara@example.com',
      message: { subject: '<img src=x onerror=alert(1)>', text: 'hi' },
    };
    await deliver(sender, doc, new Date());
    await sink.waitFor((m) => m.subject === doc.message.subject);
    const html = await (await fetch(sink.url)).text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });

  it('bounces a .invalid address, which the watcher reads as a bounce to suppress', async () => {
    const document = weeklyReport('gone@bounce.invalid');
    const doc = structuredClone(document) as unknown as Record<string, unknown>;
    const at = new Date();
    const delivery = await deliver(sender, doc, at);
    expect(delivery.state).toBe('ERROR');
    expect(delivery.error).toMatch(/550/);
    expect(sink.messages()).toHaveLength(0);
    const decision = watch(
      {
        id: document.headers['X-Pathwise-Mail-Id']!,
        delivery,
        created_at: at,
        template: document.pathwise.template,
        entity: document.pathwise.entity,
        watch: document.pathwise.watch,
      },
      new Date(at.getTime() + 1_000),
    );
    expect(decision).toMatchObject({
      kind: 'give_up',
      reason: 'recipient_rejected',
      suppress: 'bounced',
    });
  });

  it('records a refused connection as an error the watcher retries', async () => {
    const idle = await startMailSink();
    const port = idle.smtp.port;
    await idle.stop();
    const unreachable = MailSender.smtp({ host: '127.0.0.1', port }, { from });
    const doc = structuredClone(weeklyReport('amara@example.com')) as any;
    const at = new Date();
    const delivery = await deliver(unreachable, doc, at);
    unreachable.close();
    expect(delivery).toMatchObject({ state: 'ERROR', attempts: 1 });
    expect(delivery.error).toMatch(/ECONNREFUSED/);
    const decision = watch(
      {
        id: 'x',
        delivery,
        created_at: at,
        template: 'weekly_progress',
        entity: { collection: 'users', id: 'uid-amara' },
        watch: doc.pathwise.watch,
      },
      new Date(at.getTime() + 61_000),
    );
    expect(decision).toMatchObject({ kind: 'retry', retry: 1, failure: 'transient' });
  });
});
