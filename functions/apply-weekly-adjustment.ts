import { z } from 'zod';
import { isIsoWeek } from '../shared/analytics/adjustment-week';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { TaskTargets } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Cloud Tasks target, one task per learner and ISO week: makes and stores the learner's weekly
 * path adjustment, once (a redelivery finds it stored). Only Cloud Tasks may invoke it.
 */
export const applyWeeklyAdjustment: FunctionFactory = (s) =>
  taskFunction(
    TaskTargets.applyWeeklyAdjustment.functionName,
    TaskTargets.applyWeeklyAdjustment.queue,
    [
      route({
        method: 'POST',
        path: '/',
        tags: ['tasks'],
        auth: { service: 'tasks-invoker' },
        summary: "Make and store a learner's weekly path adjustment (Cloud Tasks only)",
        body: z.strictObject({
          user_id: z.string().min(1).max(128),
          week: z.string().refine(isIsoWeek, 'Expected an ISO week such as 2026-W48'),
        }),
        response: z.object({
          user_id: z.string(),
          week: z.string(),
          status: z.enum(['stored', 'duplicate', 'erased', 'not_due', 'no_analytics']),
        }),
        handler: async ({ body }) => ({
          user_id: body.user_id,
          week: body.week,
          status: await s.analytics.adjustmentJob.apply(body.user_id, body.week, new Date()),
        }),
      }),
    ],
    s.edge,
  );
