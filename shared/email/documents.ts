import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  EntityRefSchema,
  isTransactional,
  PathwiseMailDocumentSchema,
  type EntityRef,
  type OptionalCategory,
  type PathwiseMailDocument,
} from './model';
import { renderEmail, type RenderedEmail } from './render';
import type { EmailSettings } from './settings';
import { templates, type TemplateData, type TemplateName } from './templates/index';
import { signUnsubscribeToken } from './unsubscribe';

/**
 * What makes a mail unique: the same (type, user, entity, period) is one email however many
 * times, and however concurrently, its trigger fires. `period` names the repeat window of mail
 * that recurs for one entity (`2025-W11` for a weekly report, `review-3` for a third review);
 * null for mail that happens once.
 */
export const MailKeySchema = z.object({
  type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
  user_id: z.string().min(1).max(128),
  entity: EntityRefSchema,
  period: z.string().min(1).max(64).nullable(),
});
export type MailKey = z.infer<typeof MailKeySchema>;

/**
 * The document id of a mail: readable type, then a hash of the whole key. The key is hashed as a
 * JSON array, so no two keys share an encoding (`a-b`,`c` vs `a`,`b-c`), and no user id or
 * entity id appears in the id itself.
 */
export function mailId(key: MailKey): string {
  const k = MailKeySchema.parse(key);
  const digest = createHash('sha256')
    .update(
      JSON.stringify(['mail.v1', k.type, k.user_id, k.entity.collection, k.entity.id, k.period]),
    )
    .digest('hex');
  return `${k.type}-${digest.slice(0, 32)}`;
}

/** The hash recorded with a mail: subject, text and HTML exactly as written to the document. */
export function contentSha256(message: { subject: string; text: string; html: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([message.subject, message.text, message.html]))
    .digest('hex');
}

export interface UnsubscribeTarget {
  /** The one-click URL with its token. */
  url: string;
  /** The mailbox for clients that only support mailto. */
  mailto: string;
  token: string;
}

/** RFC 2369 `List-Unsubscribe` with an https and a mailto URI, and RFC 8058 one-click. */
export function listUnsubscribeHeaders(target: UnsubscribeTarget): Record<string, string> {
  const mailto = `mailto:${target.mailto}?subject=${encodeURIComponent(`unsubscribe ${target.token}`)}`;
  return {
    'List-Unsubscribe': `<${target.url}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export function unsubscribeTarget(
  settings: EmailSettings,
  scope: { uid: string; category: OptionalCategory },
  now: Date,
): UnsubscribeTarget {
  const token = signUnsubscribeToken(scope, {
    secret: settings.unsubscribe_secrets[0]!,
    now,
    ttlSeconds: settings.unsubscribe_token_ttl_seconds,
  });
  const url = new URL(settings.unsubscribe_url);
  url.searchParams.set('token', token);
  return { url: url.toString(), mailto: settings.unsubscribe_mailto, token };
}

/**
 * The `mail/` document for a rendered message, in the extension's format plus Pathwise's fields.
 * `Auto-Submitted` keeps vacation responders from answering; `X-Pathwise-Mail-Id` lets a bounce
 * be traced back to its document.
 */
export function buildMailDocument(input: {
  id: string;
  key: MailKey;
  to: string;
  rendered: RenderedEmail;
  unsubscribe: UnsubscribeTarget | null;
  now: Date;
}): PathwiseMailDocument {
  const { rendered } = input;
  if (isTransactional(rendered.category) !== (input.unsubscribe === null)) {
    throw new Error(
      `Mail ${input.id}: category ${rendered.category} ${isTransactional(rendered.category) ? 'takes no' : 'needs an'} unsubscribe target`,
    );
  }
  const message = { subject: rendered.subject, text: rendered.text, html: rendered.html };
  return PathwiseMailDocumentSchema.parse({
    to: input.to.trim(),
    message,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Pathwise-Mail-Id': input.id,
      'X-Pathwise-Category': rendered.category,
      ...(input.unsubscribe ? listUnsubscribeHeaders(input.unsubscribe) : {}),
    },
    categories: [rendered.category],
    delivery: null,
    pathwise: {
      version: 1,
      category: rendered.category,
      template: rendered.template,
      template_version: rendered.template_version,
      content_sha256: contentSha256(message),
      user_id: input.key.user_id,
      entity: input.key.entity,
      period: input.key.period,
      created_at: input.now,
      watch: {
        retries: 0,
        last_retry_at: null,
        last_error: null,
        given_up: false,
        given_up_at: null,
      },
    },
  });
}

/**
 * Everything a trigger needs in one call: id, unsubscribe link, rendering, document. The caller
 * has already asked `decide()`; it writes the document with `create()` so a duplicate trigger
 * finds it there and writes nothing.
 */
export function composeMail<N extends TemplateName>(input: {
  template: N;
  data: TemplateData<N>;
  recipient: { uid: string; email: string };
  entity: EntityRef;
  period: string | null;
  settings: EmailSettings;
  now: Date;
}): { id: string; document: PathwiseMailDocument } {
  const key: MailKey = {
    type: input.template,
    user_id: input.recipient.uid,
    entity: input.entity,
    period: input.period,
  };
  const id = mailId(key);
  const category = templates[input.template].category;
  const unsubscribe = isTransactional(category)
    ? null
    : unsubscribeTarget(
        input.settings,
        { uid: input.recipient.uid, category: category as OptionalCategory },
        input.now,
      );
  const rendered = renderEmail(input.template, input.data, {
    brand: input.settings.brand,
    preferences_url: input.settings.preferences_url,
    unsubscribe_url: unsubscribe?.url ?? null,
  });
  return {
    id,
    document: buildMailDocument({
      id,
      key,
      to: input.recipient.email,
      rendered,
      unsubscribe,
      now: input.now,
    }),
  };
}
