import { z } from 'zod';

/** Catalog ids are readable slugs, as in seed 000 (`foundations-image-gen-r1`). */
export const SlugSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lowercase letters, digits and hyphens');

/** Ids that arrive in a path: anything a Firestore document id may be, bounded. */
export const PathIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^/]+$/, 'Must not contain "/"')
  .refine((v) => v !== '.' && v !== '..' && !/^__.*__$/.test(v), 'Not a valid id');

export const IsoDateTime = z.iso.datetime({ offset: true });

export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })),
    request_id: z.string(),
  }),
});

/** C0 and C1 control characters, except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/**
 * Bidirectional overrides and isolates: they make `"\u202Egnp.exe"` show as `exe.png`. (The
 * plain marks LRM and RLM, which right-to-left text needs, are fine.)
 */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const SAFE_MESSAGE = 'Must not contain control or bidirectional-override characters';

/** Text a person reads: no control characters (line breaks only where allowed), no overrides. */
function readableText(max: number, min: number, lineBreaks: boolean) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine(
      (v) => !CONTROL.test(v) && !BIDI_CONTROL.test(v) && (lineBreaks || !/[\t\n\r]/.test(v)),
      SAFE_MESSAGE,
    );
}

/** Free text on several lines (descriptions, notes, comments). */
export const multiLineText = (max: number, min = 0) => readableText(max, min, true);

/** One line of text a person reads (titles, names, file names, reasons). */
export const singleLineText = (max: number, min = 1) => readableText(max, min, false);

export const TitleSchema = singleLineText(200);
export const DescriptionSchema = multiLineText(5000);
