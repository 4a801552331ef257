import { HttpReply, route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import {
  DeleteSubmissionResponseSchema,
  DownloadQuerySchema,
  DownloadResponseSchema,
  OpenUploadResponseSchema,
  OpenUploadSchema,
  SubmissionIdParams,
  SubmissionListSchema,
  UploadParams,
} from '../shared/submissions/schemas';
import { submissions } from '../shared/submissions/service';

const tags = ['submissions'];

/** Learners hand in files: bytes go straight to Cloud Storage through signed URLs. */
export const submissionRoutes = [
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/upload',
    tags,
    auth: 'learner',
    summary:
      'Open an upload: a V4 signed PUT URL (or resumable start) bound to type and exact size (seed 000 path)',
    params: UploadParams,
    body: OpenUploadSchema,
    response: OpenUploadResponseSchema,
    handler: async ({ caller, params, body, requestId }) =>
      new HttpReply(
        201,
        await submissions().openUpload(caller, params.resource_id, body, requestId),
      ),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/resources/{resource_id}/submissions',
    tags,
    auth: 'learner',
    summary: 'The caller’s submissions for a resource, newest first (seed 000)',
    params: UploadParams,
    response: SubmissionListSchema,
    handler: ({ caller, params }) => submissions().list(caller, params.resource_id),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/me/submissions/{submission_id}',
    tags,
    auth: 'learner',
    summary: 'Soft-delete a submission: hidden from lists, file kept (seed 000)',
    params: SubmissionIdParams,
    response: DeleteSubmissionResponseSchema,
    handler: ({ caller, params, requestId }) =>
      submissions().softDelete(caller, params.submission_id, requestId),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/submissions/download/{submission_id}',
    tags,
    auth: 'learner',
    summary:
      'A signed GET URL (1 hour) for the file or its review feedback: the owner, or a reviewer of its pathway',
    params: SubmissionIdParams,
    query: DownloadQuerySchema,
    response: DownloadResponseSchema,
    handler: ({ caller, params, query, requestId }) =>
      submissions().download(caller, params.submission_id, query.file, requestId),
  }),
];

export const submissionsApi = httpFunction('submissionsApi', submissionRoutes);
