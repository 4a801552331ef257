import { z } from 'zod';
import { AbsoluteUrl, BrandSchema, Line } from './fields';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** RFC 8058 requires HTTPS for one-click unsubscribe; the local stack serves plain HTTP on loopback. */
const OneClickUrl = AbsoluteUrl.refine((u) => {
  const url = new URL(u);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}, 'Must be an https URL (http only on localhost)').refine(
  (u) => !new URL(u).search,
  'Must not carry a query: the token is appended as ?token=',
);

/** Everything the email modules need from the environment, validated once. */
export const EmailSettingsSchema = z.object({
  brand: BrandSchema,
  /** The web page where a signed-in learner manages categories and quiet hours. */
  preferences_url: AbsoluteUrl,
  /** The one-click endpoint: POST unsubscribes, GET shows a confirmation page. */
  unsubscribe_url: OneClickUrl,
  /** Mailbox named in `List-Unsubscribe` for clients that only speak mailto. */
  unsubscribe_mailto: z.email(),
  /** HMAC secrets for unsubscribe tokens; the first signs, all verify (rotation). */
  unsubscribe_secrets: z.array(z.string().min(32, 'Use at least 32 characters')).min(1),
  unsubscribe_token_ttl_seconds: z
    .number()
    .int()
    .min(24 * 3600)
    .max(400 * 24 * 3600),
});
export type EmailSettings = z.output<typeof EmailSettingsSchema>;

const EnvSchema = z.object({
  PATHWISE_PUBLIC_URL: AbsoluteUrl,
  PATHWISE_EMAIL_BRAND_NAME: Line(60).default('Pathwise'),
  PATHWISE_EMAIL_LOGO_URL: AbsoluteUrl.optional(),
  PATHWISE_EMAIL_SUPPORT_ADDRESS: z.email(),
  PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO: z.email(),
  /** Comma-separated; mounted from Secret Manager in the cloud. */
  PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS: z.string().min(1),
  PATHWISE_EMAIL_UNSUBSCRIBE_TTL_DAYS: z.coerce.number().int().min(1).max(400).default(180),
});

/**
 * Reads the settings from the environment. Paths under the public origin follow the Hosting
 * rewrites: the web console's preferences page and the API's unsubscribe endpoint.
 */
export function emailSettingsFromEnv(env: NodeJS.ProcessEnv): EmailSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid email configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const origin = new URL(e.PATHWISE_PUBLIC_URL).origin;
  const settings = EmailSettingsSchema.safeParse({
    brand: {
      name: e.PATHWISE_EMAIL_BRAND_NAME,
      url: origin,
      logo_url: e.PATHWISE_EMAIL_LOGO_URL ?? null,
      support_email: e.PATHWISE_EMAIL_SUPPORT_ADDRESS,
    },
    preferences_url: `${origin}/settings/notifications`,
    unsubscribe_url: `${origin}/api/v1/email/unsubscribe`,
    unsubscribe_mailto: e.PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO,
    unsubscribe_secrets: e.PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    unsubscribe_token_ttl_seconds: e.PATHWISE_EMAIL_UNSUBSCRIBE_TTL_DAYS * 24 * 3600,
  });
  if (!settings.success) {
    const problems = settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid email configuration: ${problems.join('; ')}`);
  }
  return Object.freeze(settings.data);
}
