import { callableFunction } from '../shared/platform/functions';
import { PendingListSchema, PendingQuerySchema } from '../shared/submissions/schemas';
import type { FunctionFactory } from './services';

export const listPendingSubmissions: FunctionFactory = (s) =>
  callableFunction(
    'listPendingSubmissions',
    {
      summary:
        'Submissions waiting for review, oldest first (instructors: their pathways; admins: all)',
      role: 'instructor',
      data: PendingQuerySchema,
      result: PendingListSchema,
      handler: ({ caller, data, ctx }) => s.submissions.queue.pending(caller, {}, data, ctx),
    },
    s.edge,
  );
