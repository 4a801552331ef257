import { z } from 'zod';
import type { MailCategory } from '../model';
import { TimezoneSchema } from '../model';
import { Line } from '../fields';

export { AbsoluteUrl, BrandSchema, Line } from '../fields';

/**
 * One email template: its data schema (validated before rendering, so a template never sees a
 * missing or malformed value), its category, whether it may wait for the end of quiet hours, and
 * its Handlebars sources. `html` and `text` are the body only; the layouts add the frame,
 * the footer and the preference links.
 */
export interface TemplateDefinition<Name extends string, Schema extends z.ZodType> {
  name: Name;
  category: MailCategory;
  /** `immediate`: the learner is waiting for it now; `deferrable`: it may wait out quiet hours. */
  timing: 'immediate' | 'deferrable';
  schema: Schema;
  subject: string;
  html: string;
  text: string;
}

export function defineTemplate<const Name extends string, Schema extends z.ZodType>(
  definition: TemplateDefinition<Name, Schema>,
): TemplateDefinition<Name, Schema> {
  return definition;
}

/** Free text (review comments, notification paragraphs): line breaks allowed, other controls not. */
export const Paragraph = z
  .string()
  .trim()
  .min(1)
  .max(5000)
  .regex(/^[^\p{Cc}]*(?:\n[^\p{Cc}]*)*$/u, 'Must not contain control characters');

export const Instant = z.iso.datetime({ offset: true });
export const LocalDate = z.iso.date();
export const Timezone = TimezoneSchema;
export const LearnerName = Line(120);
export const Title = Line(200);
