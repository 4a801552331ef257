import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { ResourceParams, SubmissionParams } from '../shared/schemas/params';
import type { FunctionFactory, Services } from './services';
import {
  DeleteSubmissionResponseSchema,
  DownloadQuerySchema,
  DownloadResponseSchema,
  OpenUploadHeadersSchema,
  OpenUploadResponseSchema,
  OpenUploadSchema,
  SubmissionListSchema,
} from '../shared/submissions/schemas';

const tags = ['submissions'];

/** Learners hand in files: bytes go straight to Cloud Storage through signed URLs. */
export const submissionRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/users/me/resources/{resource_id}/upload',
    tags,
    auth: 'learner',
    summary:
      'Open an upload: a V4 signed PUT URL (or resumable start) bound to type and exact size (seed 000 path)',
    params: ResourceParams,
    body: OpenUploadSchema,
    headers: OpenUploadHeadersSchema,
    response: OpenUploadResponseSchema,
    status: 201,
    handler: ({ caller, params, body, headers, ctx }) =>
      s.submissions.uploads.open(caller, params, body, ctx, headers['idempotency-key']),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/resources/{resource_id}/submissions',
    tags,
    auth: 'learner',
    summary: 'The caller’s submissions for a resource, newest first (seed 000)',
    params: ResourceParams,
    response: SubmissionListSchema,
    handler: ({ caller, params, ctx }) => s.submissions.files.list(caller, params, {}, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/users/me/submissions/{submission_id}',
    tags,
    auth: 'learner',
    summary: 'Soft-delete a submission: hidden from lists, file kept (seed 000)',
    params: SubmissionParams,
    response: DeleteSubmissionResponseSchema,
    handler: ({ caller, params, ctx }) => s.submissions.files.softDelete(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/users/me/submissions/download/{submission_id}',
    tags,
    auth: 'learner',
    summary:
      'A signed GET URL (1 hour) for the file or its review feedback: the owner, or a reviewer of its pathway',
    params: SubmissionParams,
    query: DownloadQuerySchema,
    response: DownloadResponseSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.submissions.files.download(caller, params, query, ctx),
  }),
];

export const submissionsApi: FunctionFactory = (s) =>
  httpFunction('submissionsApi', submissionRoutes(s), s.edge);
