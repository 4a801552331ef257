import { z } from 'zod';
import { route } from '../shared/http/route';
import { taskFunction } from '../shared/platform/functions';
import { TaskTargets } from '../shared/triggers';
import type { FunctionFactory } from './services';

const ExpiryResult = z.enum(['expired', 'unchanged']);

/**
 * Cloud Tasks target, scheduled at a signed URL's expiry plus a grace period: an upload that
 * never arrived is marked expired and its quota given back. Only Cloud Tasks may invoke it: the
 * route checks the tasks invoker's OIDC token (as Cloud Run's IAM does in front of it); running
 * twice changes nothing.
 */
export const expireUpload: FunctionFactory = (s) =>
  taskFunction(
    TaskTargets.expireUpload.functionName,
    TaskTargets.expireUpload.queue,
    [
      route({
        method: 'POST',
        path: '/',
        tags: ['tasks'],
        auth: { service: 'tasks-invoker' },
        summary: 'Expire a submission or media upload that never arrived (Cloud Tasks only)',
        body: z.union([
          z.strictObject({ submission_id: z.string().regex(/^[A-Za-z0-9]{20}$/) }),
          z.strictObject({ media_id: z.uuid() }),
        ]),
        response: z.union([
          z.object({ submission_id: z.string(), result: ExpiryResult }),
          z.object({ media_id: z.string(), result: ExpiryResult }),
        ]),
        handler: async ({ body }) =>
          'media_id' in body
            ? { media_id: body.media_id, result: await s.media.expiry.expire(body.media_id) }
            : {
                submission_id: body.submission_id,
                result: await s.submissions.expiry.expire(body.submission_id),
              },
      }),
    ],
    s.edge,
  );
