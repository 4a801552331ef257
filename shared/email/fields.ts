import { z } from 'zod';

/**
 * Field schemas the mail settings share with the templates. The configuration parses the settings
 * when every function starts, so this module keeps to zod: the templates' own schemas, the mail
 * model and its timezone library load with the first mail.
 */

/** Links in mail are followed outside the app: they must be absolute http(s) URLs. */
export const AbsoluteUrl = z.url({
  protocol: /^https?$/,
  hostname: /^[^\s]+$/,
  error: 'Must be an absolute http(s) URL',
});

/** Text that may reach a subject line or a single line of the text part: no control characters. */
export const Line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters');

/** The sender's identity shown in every message's frame and footer. */
export const BrandSchema = z.object({
  name: Line(60),
  url: AbsoluteUrl,
  logo_url: AbsoluteUrl.nullable(),
  support_email: z.email(),
});
