import { z } from 'zod';

/** Where a learner stands on one resource (seed 000's statuses). */
export const ResourceStatusSchema = z.enum([
  'not_started',
  'in_progress',
  'completed',
  'submitted',
]);
export type ResourceStatus = z.infer<typeof ResourceStatusSchema>;
