import { z } from 'zod';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { TaskTargets } from '../shared/triggers';
import type { FunctionFactory } from './services';

/**
 * The start queue's target: admits a queued generation when fewer than the deployment's limit are
 * running (429 otherwise, and Cloud Tasks tries again after its backoff) and publishes its first
 * stage. Only Cloud Tasks may call it; a duplicate or stale task changes nothing.
 */
export const startGeneration: FunctionFactory = (s) =>
  taskFunction(
    TaskTargets.startGeneration.functionName,
    TaskTargets.startGeneration.queue,
    [
      route({
        method: 'POST',
        path: '/',
        tags: ['tasks'],
        auth: { service: 'tasks-invoker' },
        summary: 'Admit a queued course generation (Cloud Tasks only)',
        body: z.object({
          course_id: z.string().min(1).max(128),
          run_id: z.string().min(1).max(64),
        }),
        response: z.object({ course_id: z.string(), result: z.enum(['admitted', 'skipped']) }),
        handler: async ({ body }) => ({
          course_id: body.course_id,
          result: await s.generation.runs.admit(body.course_id, body.run_id),
        }),
      }),
    ],
    s.edge,
  );
