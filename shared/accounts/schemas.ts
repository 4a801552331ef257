import { z } from 'zod';
import { RoleSchema } from '../auth';
import { TimezoneSchema } from '../email/model';

const Email = z.email('Must be an email address').max(254);

/**
 * At least 8 characters (NIST SP 800-63B's floor for chosen passwords; Firebase itself takes 6),
 * at most 128, and not only one repeated character.
 */
export const PasswordSchema = z
  .string()
  .min(8, 'Too weak: use at least 8 characters')
  .max(128, 'Use at most 128 characters')
  .refine((p) => new Set(p).size > 1, 'Too weak: more than one repeated character');

/** `POST /api/v1/auth/register` (seed 003: email, password, full_name). */
export const RegisterBodySchema = z.strictObject({
  email: Email,
  password: PasswordSchema,
  full_name: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .regex(/^[^\p{Cc}]*$/u, 'Must not contain control characters'),
  /** For the weekly report and quiet hours; UTC until the learner says otherwise. */
  timezone: TimezoneSchema.optional(),
});
export type RegisterBody = z.output<typeof RegisterBodySchema>;

export const LoginBodySchema = z.strictObject({
  email: Email,
  password: z.string().min(1).max(128),
});

export const RefreshBodySchema = z.strictObject({
  refresh_token: z.string().min(1).max(4096),
});

export const PasswordResetBodySchema = z.strictObject({ email: Email });

/**
 * Firebase session tokens. `access_token` repeats the ID token with `token_type: bearer`, the
 * OAuth shape seed 003 clients read; it is what `Authorization: Bearer` takes.
 */
export const SessionSchema = z.object({
  uid: z.string(),
  id_token: z.string(),
  access_token: z.string(),
  token_type: z.literal('bearer'),
  refresh_token: z.string(),
  expires_in: z.number().int().positive(),
});

export const RegisteredSchema = SessionSchema.extend({
  user: z.object({
    uid: z.string(),
    email: z.string(),
    full_name: z.string(),
    role: RoleSchema,
  }),
});

export const PasswordResetAcceptedSchema = z.object({
  /** The same answer whether or not the address has an account, so nobody can probe for one. */
  status: z.literal('accepted'),
});
