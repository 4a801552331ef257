import { z } from 'zod';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { TaskTargets } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * Cloud Tasks target, due Monday 09:00 in the learner's timezone: mails the week's report (once
 * per ISO week) and schedules the next one. Only Cloud Tasks may invoke it.
 */
export const sendWeeklyReport: FunctionFactory = (s) =>
  taskFunction(
    TaskTargets.sendWeeklyReport.functionName,
    TaskTargets.sendWeeklyReport.queue,
    [
      route({
        method: 'POST',
        path: '/',
        tags: ['tasks'],
        auth: { service: 'tasks-invoker' },
        summary: "Mail a learner's weekly progress report and schedule the next (Cloud Tasks only)",
        body: z.object({ user_id: z.string().min(1).max(128), send_at: z.iso.datetime() }),
        response: z.object({
          user_id: z.string(),
          status: z.enum(['queued', 'scheduled', 'duplicate', 'skipped']),
        }),
        handler: async ({ body }) => ({
          user_id: body.user_id,
          status: (await s.progress.weeklyReports.send(body.user_id, new Date(body.send_at)))
            .status,
        }),
      }),
    ],
    s.edge,
  );
