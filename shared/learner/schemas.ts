import { z } from 'zod';
import { IsoDateTime } from '../schemas/common';
import { LearnerEventSchema } from './events';
import { SkillIdSchema } from './skills';

/** `GET /api/v1/users/me/events`: the caller's own stream, oldest first, paged. */
export const StoredEventSchema = z.intersection(
  LearnerEventSchema,
  z.object({ stored_at: z.string() }),
);

export const EventListSchema = z.object({
  events: z.array(StoredEventSchema),
  next_page_token: z.string().nullable(),
});

export const SkillParams = z.object({ skill_id: SkillIdSchema });

export const SkillViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'retired']),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const SkillListSchema = z.object({
  skills: z.array(SkillViewSchema),
  next_page_token: z.string().nullable(),
});
