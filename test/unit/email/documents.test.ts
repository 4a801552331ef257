import fc from 'fast-check';
import {
  buildMailDocument,
  composeMail,
  contentSha256,
  mailId,
  type MailKey,
} from '../../../shared/email/documents';
import {
  EntityCollectionSchema,
  ExtensionMailSchema,
  MAIL_CATEGORIES,
  PathwiseMailDocumentSchema,
} from '../../../shared/email/model';
import { renderEmail } from '../../../shared/email/render';
import {
  TEMPLATE_NAMES,
  templates,
  type TemplateName,
} from '../../../shared/email/templates/index';
import { verifyUnsubscribeToken } from '../../../shared/email/unsubscribe';
import { contextFor, samples } from '../../helpers/email-samples';
import { settings, testSecret } from '../../helpers/email-settings';

const now = new Date('2025-03-10T09:00:00Z');
const recipient = { uid: 'uid-amara', email: 'amara@example.com' };
const weekly: MailKey = {
  type: 'weekly_progress',
  user_id: 'uid-amara',
  entity: { collection: 'users', id: 'uid-amara' },
  period: '2025-W11',
};

describe('mailId', () => {
  it('is a pure function of the key, fixed across releases', () => {
    // A changed scheme would let a trigger retried across a deploy send the mail twice.
    expect(mailId(weekly)).toBe(mailId({ ...weekly, entity: { ...weekly.entity } }));
    expect(mailId(weekly)).toBe('weekly_progress-0ad73aee48a147272be1d2d2d59845f4');
  });

  it('differs when any part of the key differs', () => {
    const key = fc.record({
      type: fc.constantFrom(...TEMPLATE_NAMES),
      user_id: fc.string({ minLength: 1, maxLength: 20 }),
      entity: fc.record({
        collection: fc.constantFrom(...EntityCollectionSchema.options),
        id: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('/')),
      }),
      period: fc.option(fc.string({ minLength: 1, maxLength: 10 }), { nil: null }),
    });
    fc.assert(
      fc.property(key, key, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        expect(mailId(a) === mailId(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not confuse keys whose parts concatenate alike', () => {
    const a = mailId({ ...weekly, user_id: 'a-b', entity: { collection: 'users', id: 'c' } });
    const b = mailId({ ...weekly, user_id: 'a', entity: { collection: 'users', id: 'b-c' } });
    expect(a).not.toBe(b);
    expect(mailId({ ...weekly, period: null })).not.toBe(mailId({ ...weekly, period: 'null' }));
  });

  it('is a valid Firestore document id that names neither the user nor the entity', () => {
    const id = mailId({ ...weekly, user_id: 'uid/with/slashes' });
    expect(id).toMatch(/^weekly_progress-[0-9a-f]{32}$/);
    expect(id).not.toContain('uid');
  });
});

/** A template's sample mail to the recipient, about the recipient themselves. */
const sampleMail = (template: TemplateName) =>
  composeMail({
    template,
    data: samples[template] as never,
    recipient,
    entity: { collection: 'users', id: recipient.uid },
    period: null,
    settings,
    now,
  });

/** The weekly report of `weekly`'s key, composed at `at`. */
const weeklyMail = (at: Date) =>
  composeMail({
    template: 'weekly_progress',
    data: samples.weekly_progress,
    recipient,
    entity: weekly.entity,
    period: weekly.period,
    settings,
    now: at,
  });

describe('composeMail', () => {
  it.each(TEMPLATE_NAMES)('%s gives a document the extension accepts', (template) => {
    const { id, document } = sampleMail(template);
    expect(ExtensionMailSchema.safeParse(document).success).toBe(true);
    expect(PathwiseMailDocumentSchema.safeParse(document).success).toBe(true);
    // A top-level `template` would make the extension render from its own templates collection.
    expect(Object.keys(document).sort()).toEqual(
      ['categories', 'delivery', 'headers', 'message', 'pathwise', 'to'].sort(),
    );
    expect(document.delivery).toBeNull();
    expect(document.headers['X-Pathwise-Mail-Id']).toBe(id);
    expect(document.pathwise.template).toBe(template);
    expect(document.pathwise.content_sha256).toBe(contentSha256(document.message));
  });

  it('gives optional mail one-click unsubscribe headers whose token names the user and category', () => {
    const { document } = weeklyMail(now);
    expect(document.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const header = document.headers['List-Unsubscribe']!;
    const match = /^<(https:\/\/[^>]+)>, <(mailto:[^>]+)>$/.exec(header);
    expect(match).not.toBeNull();
    const url = new URL(match![1]!);
    expect(`${url.origin}${url.pathname}`).toBe(settings.unsubscribe_url);
    const token = url.searchParams.get('token')!;
    expect(verifyUnsubscribeToken(token, { secrets: [testSecret], now })).toMatchObject({
      ok: true,
      scope: { uid: 'uid-amara', category: 'progress_reports' },
    });
    expect(match![2]).toBe(`mailto:unsubscribe@pathwise.example?subject=unsubscribe%20${token}`);
    // The footer links to the same one-click page as the header.
    expect(document.message.text).toContain(url.toString());
  });

  it('gives transactional mail no unsubscribe header', () => {
    for (const template of TEMPLATE_NAMES.filter(
      (t) => MAIL_CATEGORIES[templates[t].category].transactional,
    )) {
      const { document } = sampleMail(template);
      expect(document.headers['List-Unsubscribe']).toBeUndefined();
      expect(document.headers['List-Unsubscribe-Post']).toBeUndefined();
    }
  });

  it('writes the same id for the same trigger, whatever the time it runs', () => {
    const compose = (at: Date) => weeklyMail(at).id;
    expect(compose(now)).toBe(compose(new Date(now.getTime() + 60_000)));
    expect(compose(now)).toBe(mailId(weekly));
  });
});

describe('buildMailDocument', () => {
  it('refuses an unsubscribe target on transactional mail and its absence on optional mail', () => {
    const reset = renderEmail('password_reset', samples.password_reset, contextFor(true));
    const target = { url: 'https://x.example/u?token=t', mailto: 'u@x.example', token: 't' };
    const key = { ...weekly, type: 'password_reset', period: 'request-1' };
    expect(() =>
      buildMailDocument({
        id: 'x',
        key,
        to: recipient.email,
        rendered: reset,
        unsubscribe: target,
        now,
      }),
    ).toThrow(/takes no unsubscribe target/);
    const report = renderEmail('weekly_progress', samples.weekly_progress, contextFor(false));
    expect(() =>
      buildMailDocument({
        id: 'x',
        key: weekly,
        to: recipient.email,
        rendered: report,
        unsubscribe: null,
        now,
      }),
    ).toThrow(/needs an unsubscribe target/);
  });

  it('refuses a malformed recipient address', () => {
    const reset = renderEmail('password_reset', samples.password_reset, contextFor(true));
    expect(() =>
      buildMailDocument({
        id: 'x',
        key: weekly,
        to: 'nobody',
        rendered: reset,
        unsubscribe: null,
        now,
      }),
    ).toThrow();
  });
});
