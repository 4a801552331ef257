import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  DateLikeSchema,
  isTransactional,
  OPTIONAL_CATEGORIES,
  OptionalCategorySchema,
  type MailCategory,
  type OptionalCategory,
} from './model';

/** `HH:MM`, 24-hour, in the learner's timezone. */
export const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Must be a time of day such as 21:00');

export const QuietHoursSchema = z.object({ start: LocalTimeSchema, end: LocalTimeSchema });
export type QuietHours = z.infer<typeof QuietHoursSchema>;

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/**
 * A learner's email preferences as stored on the profile. A category missing from `categories`
 * is on: a new optional category reaches learners who never saw it, and they can switch it off.
 */
export const NotificationPreferencesSchema = z.object({
  categories: z.partialRecord(OptionalCategorySchema, z.boolean()).default({}),
  quiet_hours: QuietHoursSchema.nullable().default(DEFAULT_QUIET_HOURS),
});
export type NotificationPreferences = z.output<typeof NotificationPreferencesSchema>;

export const NotificationPreferencesPatchSchema = z
  .object({
    categories: z.partialRecord(OptionalCategorySchema, z.boolean()).optional(),
    quiet_hours: QuietHoursSchema.nullable().optional(),
  })
  .strict();
export type NotificationPreferencesPatch = z.infer<typeof NotificationPreferencesPatchSchema>;

export function defaultPreferences(): NotificationPreferences {
  return { categories: {}, quiet_hours: { ...DEFAULT_QUIET_HOURS } };
}

export function isCategoryOn(preferences: NotificationPreferences, category: OptionalCategory) {
  return preferences.categories[category] ?? true;
}

/** Every optional category with its effective state, as the preferences endpoint shows it. */
export function categoryStates(
  preferences: NotificationPreferences,
): Record<OptionalCategory, boolean> {
  return Object.fromEntries(
    OPTIONAL_CATEGORIES.map((c) => [c, isCategoryOn(preferences, c)]),
  ) as Record<OptionalCategory, boolean>;
}

export function applyPreferencesPatch(
  current: NotificationPreferences,
  patch: NotificationPreferencesPatch,
): NotificationPreferences {
  return {
    categories: { ...current.categories, ...patch.categories },
    quiet_hours: patch.quiet_hours === undefined ? current.quiet_hours : patch.quiet_hours,
  };
}

/**
 * Addresses that bounced or complained are never mailed again. The list is keyed by a hash of
 * the normalised address, so it outlives account deletion without keeping anyone's address.
 */
export const SuppressionSchema = z.object({
  reason: z.enum(['bounced', 'complained']),
  at: DateLikeSchema,
  /** Where the signal came from, e.g. `smtp 550 5.1.1` or `feedback-loop`. */
  source: z.string().min(1).max(200),
});
export type Suppression = z.output<typeof SuppressionSchema>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function suppressionId(email: string): string {
  return createHash('sha256').update(normalizeEmail(email)).digest('hex');
}

export type Decision =
  | { action: 'send' }
  | {
      action: 'skip';
      reason: 'no_address' | 'suppressed_bounced' | 'suppressed_complained' | 'category_off';
    };

/**
 * Whether one message may go out. Suppression wins over everything, because mailing an address
 * that bounced or complained hurts every later message's deliverability; transactional mail
 * (password reset, welcome) then bypasses preferences; other mail follows the learner's choice.
 */
export function decide(input: {
  category: MailCategory;
  email: string | null;
  preferences: NotificationPreferences | null;
  suppression: Suppression | null;
}): Decision {
  if (!input.email || !z.email().safeParse(input.email.trim()).success) {
    return { action: 'skip', reason: 'no_address' };
  }
  if (input.suppression) {
    return {
      action: 'skip',
      reason:
        input.suppression.reason === 'bounced' ? 'suppressed_bounced' : 'suppressed_complained',
    };
  }
  if (isTransactional(input.category)) return { action: 'send' };
  const preferences = input.preferences ?? defaultPreferences();
  if (!isCategoryOn(preferences, input.category as OptionalCategory)) {
    return { action: 'skip', reason: 'category_off' };
  }
  return { action: 'send' };
}
