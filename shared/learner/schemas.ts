import { z } from 'zod';
import { LearnerEventSchema } from './events';

/** `GET /api/v1/users/me/events`: the caller's own stream, oldest first, paged. */
export const StoredEventSchema = z.intersection(
  LearnerEventSchema,
  z.object({ stored_at: z.string() }),
);

export const EventListSchema = z.object({
  events: z.array(StoredEventSchema),
  next_page_token: z.string().nullable(),
});
