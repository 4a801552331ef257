import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { repairEnrollment } from '../shared/progress/recompute';
import { RepairParams, RepairQuerySchema, RepairResponseSchema } from '../shared/progress/schemas';
import { progress } from '../shared/progress/service';

const tags = ['admin'];

/** Operations for instructors and admins. */
export const adminRoutes = [
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
