import { z } from 'zod';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { TaskTargets } from '../shared/triggers';
import type { FunctionFactory } from './services';

/** Cloud Tasks' count of earlier dispatches of this task; absent on a first call made by hand. */
const RETRY_COUNT_HEADER = 'x-cloudtasks-taskretrycount';

/**
 * Cloud Tasks target, one task per xAPI statement: PUTs the statement to the deployment's LRS by
 * its id. An LRS that does not answer, or answers 5xx, makes this answer 503 so Cloud Tasks
 * retries; a refusal is recorded on the statement's directory entry and acknowledged. Only Cloud
 * Tasks may invoke it.
 */
export const pushStatement: FunctionFactory = (s) =>
  taskFunction(
    TaskTargets.pushStatement.functionName,
    TaskTargets.pushStatement.queue,
    [
      route({
        method: 'POST',
        path: '/',
        tags: ['tasks'],
        auth: { service: 'tasks-invoker' },
        summary: 'Push one xAPI statement to the configured LRS (Cloud Tasks only)',
        body: z.strictObject({
          user_id: z.string().min(1).max(128),
          statement_id: z.uuid(),
        }),
        response: z.object({
          statement_id: z.string(),
          status: z.enum(['pushed', 'duplicate', 'rejected', 'gone', 'no_statement', 'disabled']),
        }),
        handler: async ({ body, req }) => {
          const retries = Number(req.get(RETRY_COUNT_HEADER) ?? '0');
          const attempt = Number.isInteger(retries) && retries >= 0 ? retries + 1 : 1;
          return {
            statement_id: body.statement_id,
            status: await s.analytics.lrsPush.push(body.user_id, body.statement_id, attempt),
          };
        },
      }),
    ],
    s.edge,
  );
