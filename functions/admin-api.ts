import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { repairEnrollment } from '../shared/progress/recompute';
import { RepairParams, RepairQuerySchema, RepairResponseSchema } from '../shared/progress/schemas';
import { progress } from '../shared/progress/service';
import {
  PendingListSchema,
  PendingQuerySchema,
  ReviewBodySchema,
  ReviewResponseSchema,
  SubmissionIdParams,
} from '../shared/submissions/schemas';
import { submissions } from '../shared/submissions/service';

const tags = ['admin'];

/** Operations for instructors and admins. */
export const adminRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/admin/submissions/pending',
    tags,
    auth: 'instructor',
    summary:
      'Submissions waiting for review (seed 000); same as the listPendingSubmissions callable',
    query: PendingQuerySchema,
    response: PendingListSchema,
    handler: ({ caller, query }) => submissions().pending(caller, query),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/submissions/{submission_id}/review',
    tags,
    auth: 'instructor',
    summary: 'Review and grade a submission (seed 000); same as the reviewSubmission callable',
    params: SubmissionIdParams,
    body: ReviewBodySchema,
    response: ReviewResponseSchema,
    handler: ({ caller, params, body, requestId }) =>
      submissions().review(caller, params.submission_id, body, requestId),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/enrollments/{user_id}/{pathway_id}/repair',
    tags,
    auth: 'admin',
    summary:
      'Recompute one enrollment from its resource states; report differences, then fix (dry_run=true only reports)',
    params: RepairParams,
    query: RepairQuerySchema,
    response: RepairResponseSchema,
    handler: ({ params, query, requestId }) =>
      repairEnrollment(progress(), params.user_id, params.pathway_id, query.dry_run, requestId),
  }),
];

export const adminApi = httpFunction('adminApi', adminRoutes);
