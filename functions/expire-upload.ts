import { z } from 'zod';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { EXPIRY_QUEUE, submissions } from '../shared/submissions/service';

/**
 * Cloud Tasks target, scheduled at a signed URL's expiry plus a grace period: an upload that
 * never arrived is marked expired and its quota given back. Only Cloud Tasks may invoke it
 * (Cloud Run checks the OIDC token); running twice changes nothing.
 */
export const expireUpload = taskFunction('expireUpload', EXPIRY_QUEUE, [
  route({
    method: 'POST',
    path: '/',
    tags: ['tasks'],
    auth: 'public',
    summary: 'Expire an upload that never arrived (Cloud Tasks only)',
    body: z.object({ submission_id: z.string().regex(/^[A-Za-z0-9]{20}$/) }),
    response: z.object({ submission_id: z.string(), result: z.enum(['expired', 'unchanged']) }),
    handler: async ({ body }) => ({
      submission_id: body.submission_id,
      result: await submissions().expire(body.submission_id),
    }),
  }),
]);
