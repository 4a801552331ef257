import { z } from 'zod';
import { IsoDateTime, PathIdSchema } from '../schemas/common';
import { DELETION_STEPS } from './model';

export const UserIdParams = z.object({ uid: PathIdSchema });
export type UserIdParams = z.output<typeof UserIdParams>;

export const AccountDeletedSchema = z.object({
  deleted: z.literal(true),
  /** The id the account's remaining records (submissions, audit entries) carry instead. */
  pseudonymous_id: z.string(),
  state: z.enum(['in_progress', 'completed']),
  requested_at: IsoDateTime,
  completed_at: IsoDateTime.nullable(),
  /** More than 1: an earlier run stopped half-way and this one finished it. */
  runs: z.number().int().min(1),
  steps: z.array(z.object({ step: z.enum(DELETION_STEPS), count: z.number().int().nullable() })),
});

export const DataExportSchema = z.object({
  export_id: z.string(),
  /** A signed GET URL of the JSON archive; it stops working at `expires_at`. */
  url: z.url(),
  expires_at: IsoDateTime,
  size_bytes: z.number().int().min(0),
  counts: z.object({
    enrollments: z.number().int(),
    quiz_attempts: z.number().int(),
    submissions: z.number().int(),
    certificates: z.number().int(),
    media: z.number().int(),
    learner_events: z.number().int(),
  }),
});
