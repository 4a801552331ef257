import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Outgoing mail is a document in `mail/`, in the format the Firebase Trigger Email extension
 * reads (`to`, `message`, `headers`) and writes (`delivery`). Pathwise's own bookkeeping lives
 * under one `pathwise` key, never at the top level: the extension treats a top-level `template`
 * as "render this Firestore template" and passes `categories` to SendGrid.
 */
export const MAIL_COLLECTION = 'mail';
export const SUPPRESSIONS_COLLECTION = 'mailSuppressions';
/** Mail held back by quiet hours: `{ send_at, document }`, moved to `mail/` when due. */
export const SCHEDULED_COLLECTION = 'mailScheduled';

/**
 * Mail categories. Transactional ones answer something the learner just did or must do (and
 * bypass preferences); the others can be switched off per category and carry unsubscribe headers.
 */
export const MAIL_CATEGORIES = {
  security: { transactional: true, label: 'account security' },
  account: { transactional: true, label: 'account' },
  learning_activity: { transactional: false, label: 'enrolment and completion updates' },
  submissions: { transactional: false, label: 'submission feedback' },
  progress_reports: { transactional: false, label: 'weekly progress reports' },
  announcements: { transactional: false, label: 'announcements' },
} as const satisfies Record<string, { transactional: boolean; label: string }>;

export type MailCategory = keyof typeof MAIL_CATEGORIES;
export const MailCategorySchema = z.enum(
  Object.keys(MAIL_CATEGORIES) as [MailCategory, ...MailCategory[]],
);

export type OptionalCategory = {
  [C in MailCategory]: (typeof MAIL_CATEGORIES)[C]['transactional'] extends true ? never : C;
}[MailCategory];
export const OPTIONAL_CATEGORIES = (Object.keys(MAIL_CATEGORIES) as MailCategory[]).filter(
  (c): c is OptionalCategory => !MAIL_CATEGORIES[c].transactional,
);
export const OptionalCategorySchema = z.enum(
  OPTIONAL_CATEGORIES as [OptionalCategory, ...OptionalCategory[]],
);

export function isTransactional(category: MailCategory): boolean {
  return MAIL_CATEGORIES[category].transactional;
}

/** The collections whose documents a mail can concern; the watcher records give-ups there. */
export const EntityCollectionSchema = z.enum([
  'users',
  'enrollments',
  'certificates',
  'submissions',
  'notifications',
]);
export type EntityCollection = z.infer<typeof EntityCollectionSchema>;

const DocIdSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[^/]+$/, 'Must not contain "/"');

export const EntityRefSchema = z.object({ collection: EntityCollectionSchema, id: DocIdSchema });
export type EntityRef = z.infer<typeof EntityRefSchema>;

export const TimezoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), 'Must be an IANA timezone such as Europe/Paris');

/**
 * Timestamps arrive as Firestore `Timestamp`s from a snapshot, as `Date`s from pure callers;
 * the rules work on `Date`.
 */
export const DateLikeSchema = z
  .union([
    z.date(),
    z.custom<{ toDate(): Date }>(
      (v) => typeof (v as { toDate?: unknown } | null)?.toDate === 'function',
      'Must be a timestamp',
    ),
  ])
  .transform((v) => (v instanceof Date ? v : v.toDate()));

export const DELIVERY_STATES = ['PENDING', 'PROCESSING', 'RETRY', 'SUCCESS', 'ERROR'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** The `delivery` map the extension writes (and a watcher may set back to `RETRY`). */
export const DeliverySchema = z.object({
  state: z.enum(DELIVERY_STATES),
  attempts: z.number().int().min(0).default(0),
  startTime: DateLikeSchema.nullish(),
  endTime: DateLikeSchema.nullish(),
  leaseExpireTime: DateLikeSchema.nullish(),
  expireAt: DateLikeSchema.nullish(),
  error: z.string().nullish(),
  info: z
    .object({
      messageId: z.string().nullish(),
      accepted: z.array(z.string()).default([]),
      rejected: z.array(z.string()).default([]),
      pending: z.array(z.string()).default([]),
      response: z.string().nullish(),
    })
    .nullish(),
});
export type Delivery = z.output<typeof DeliverySchema>;

const Recipients = z.union([z.string().min(1), z.array(z.string().min(1))]);

/**
 * What the extension accepts (its own validation, restated): at least one recipient, and a
 * `message` with a subject and a text or HTML body. Unknown fields pass through, as there.
 */
export const ExtensionMailSchema = z
  .looseObject({
    to: Recipients.optional(),
    cc: Recipients.optional(),
    bcc: Recipients.optional(),
    from: z.string().optional(),
    replyTo: z.string().optional(),
    message: z
      .looseObject({
        subject: z.string().min(1),
        text: z.string().nullish(),
        html: z.string().nullish(),
      })
      .refine((m) => !!m.text || !!m.html, {
        message: "At least one of 'text' or 'html' must be provided",
        path: ['text'],
      }),
    headers: z.record(z.string(), z.string()).optional(),
    categories: z.array(z.string()).optional(),
    delivery: DeliverySchema.nullish(),
  })
  .refine((m) => [m.to, m.cc, m.bcc].some((r) => (Array.isArray(r) ? r.length > 0 : !!r)), {
    message: 'Email must have at least one recipient',
    path: ['to'],
  });
export type ExtensionMail = z.output<typeof ExtensionMailSchema>;

/** Watcher bookkeeping: how often Pathwise sent the document back to RETRY, and whether it quit. */
export const WatchSchema = z.object({
  retries: z.number().int().min(0),
  last_retry_at: DateLikeSchema.nullable(),
  last_error: z.string().nullable(),
  given_up: z.boolean(),
  given_up_at: DateLikeSchema.nullable(),
});
export type Watch = z.output<typeof WatchSchema>;

export const PathwiseMailFieldsSchema = z.object({
  version: z.literal(1),
  category: MailCategorySchema,
  template: z.string().min(1),
  template_version: z.string().regex(/^[0-9a-f]{16}$/),
  content_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  user_id: DocIdSchema,
  entity: EntityRefSchema,
  period: z.string().min(1).max(64).nullable(),
  created_at: DateLikeSchema,
  watch: WatchSchema,
});
export type PathwiseMailFields = z.output<typeof PathwiseMailFieldsSchema>;

/** A `mail/` document as Pathwise writes it: one recipient, both parts, its own fields. */
export const PathwiseMailDocumentSchema = z.object({
  to: z.email(),
  message: z.object({
    subject: z.string().min(1).max(300),
    text: z.string().min(1),
    html: z.string().min(1),
  }),
  headers: z.record(z.string(), z.string()),
  categories: z.array(MailCategorySchema).length(1),
  pathwise: PathwiseMailFieldsSchema,
  /**
   * Written as null: the extension initialises a falsy `delivery` like a missing one, and unlike a
   * missing field, null can be queried, so the watcher finds documents never picked up.
   */
  delivery: DeliverySchema.nullable(),
});
export type PathwiseMailDocument = z.output<typeof PathwiseMailDocumentSchema>;
