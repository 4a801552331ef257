import { callableFunction } from '../shared/platform/functions';
import { PendingListSchema, PendingQuerySchema } from '../shared/submissions/schemas';
import { submissions } from '../shared/submissions/service';

export const listPendingSubmissions = callableFunction('listPendingSubmissions', {
  summary:
    'Submissions waiting for review, oldest first (instructors: their pathways; admins: all)',
  role: 'instructor',
  data: PendingQuerySchema,
  result: PendingListSchema,
  handler: ({ caller, data }) => submissions().pending(caller, data),
});
