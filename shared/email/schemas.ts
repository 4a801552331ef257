import { z } from 'zod';
import { MAIL_CATEGORIES, OPTIONAL_CATEGORIES, OptionalCategorySchema } from './model';
import { NotificationPreferencesPatchSchema, QuietHoursSchema } from './preferences';

/** `GET|PATCH /api/v1/users/me/notifications`: every optional category with its state. */
export const NotificationSettingsSchema = z.object({
  categories: z.object(
    Object.fromEntries(OPTIONAL_CATEGORIES.map((c) => [c, z.boolean()])) as Record<
      (typeof OPTIONAL_CATEGORIES)[number],
      z.ZodBoolean
    >,
  ),
  /** Non-urgent mail waits out these hours, in the learner's timezone; null: no quiet hours. */
  quiet_hours: QuietHoursSchema.nullable(),
  /** Mail that answers what the learner just did or must do; it ignores these settings. */
  always_sent: z.array(z.string()),
});

export const NotificationSettingsPatchSchema = NotificationPreferencesPatchSchema.refine(
  (patch) => patch.categories !== undefined || patch.quiet_hours !== undefined,
  { message: 'Give categories, quiet_hours or both' },
);

export const UnsubscribeQuerySchema = z.object({
  token: z.string().min(1).max(1024),
});

/** What a one-click link does (POST) or would do (GET, which changes nothing). */
export const UnsubscribeResultSchema = z.object({
  category: OptionalCategorySchema,
  label: z.string(),
  /** Whether the category is off for this learner now. */
  unsubscribed: z.boolean(),
  preferences_url: z.string(),
});

export const transactionalLabels = () =>
  Object.values(MAIL_CATEGORIES)
    .filter((c) => c.transactional)
    .map((c) => c.label);
