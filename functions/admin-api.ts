import {
  ArchiveDetailQuerySchema,
  ArchiveDetailSchema,
  ArchiveListQuerySchema,
  ArchiveListSchema,
} from '../shared/archives/schemas';
import {
  CertificateParams,
  ReissueBodySchema,
  RevokeBodySchema,
  VerifyResponseSchema,
} from '../shared/certificates/schemas';
import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import { PathwayParams, SubmissionParams, UserPathwayParams } from '../shared/schemas/params';
import type { FunctionFactory, Services } from './services';
import { RepairQuerySchema, RepairResponseSchema } from '../shared/progress/schemas';
import {
  PurgeFileBodySchema,
  PurgeFileResponseSchema,
  PendingListSchema,
  PendingQuerySchema,
  ReviewBodySchema,
  ReviewResponseSchema,
} from '../shared/submissions/schemas';

const tags = ['admin'];

/** Operations for instructors and admins. */
export const adminRoutes = (s: Services) => [
  route({
    method: 'GET',
    path: '/api/v1/admin/submissions/pending',
    tags,
    auth: 'instructor',
    summary:
      'Submissions waiting for review (seed 000); same as the listPendingSubmissions callable',
    query: PendingQuerySchema,
    response: PendingListSchema,
    handler: ({ caller, query, ctx }) => s.submissions.queue.pending(caller, {}, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/submissions/{submission_id}/review',
    tags,
    auth: 'instructor',
    summary: 'Review and grade a submission (seed 000); same as the reviewSubmission callable',
    params: SubmissionParams,
    body: ReviewBodySchema,
    response: ReviewResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.submissions.review.review(caller, params, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/admin/submissions/{submission_id}/file',
    tags,
    auth: 'admin',
    summary:
      "Hard-delete a submission's file (seed 000: admins only); the record stays, marked, and the audit log keeps who and why",
    params: SubmissionParams,
    body: PurgeFileBodySchema,
    response: PurgeFileResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.submissions.filePurge.purge(caller, params, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/enrollments/{user_id}/{pathway_id}/repair',
    tags,
    auth: 'admin',
    summary:
      'Recompute one enrollment from its resource states; report differences, then fix (dry_run=true only reports)',
    params: UserPathwayParams,
    query: RepairQuerySchema,
    response: RepairResponseSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.progress.repair.repair(caller, params, query, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/certificates/{certificate_id}/revoke',
    tags,
    auth: 'admin',
    summary: 'Revoke a certificate; the reason is shown to anyone who verifies it',
    params: CertificateParams,
    body: RevokeBodySchema,
    response: VerifyResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.certificates.lifecycle.revoke(caller, params, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/admin/certificates/{certificate_id}/reissue',
    tags,
    auth: 'admin',
    status: 201,
    summary:
      'Issue a corrected certificate that supersedes this one (e.g. the learner’s legal name)',
    params: CertificateParams,
    body: ReissueBodySchema,
    response: VerifyResponseSchema,
    handler: ({ caller, params, body, ctx }) =>
      s.certificates.lifecycle.reissue(caller, params, body, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/admin/archives/pathways',
    tags,
    auth: 'admin',
    summary: 'Deleted pathways, each archived with the enrollments and submissions it left',
    query: ArchiveListQuerySchema,
    response: ArchiveListSchema,
    handler: ({ caller, query, ctx }) => s.catalog.archives.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/admin/archives/pathways/{pathway_id}',
    tags,
    auth: 'admin',
    summary: "A deleted pathway's archive and a page of its kept enrollments or submissions",
    params: PathwayParams,
    query: ArchiveDetailQuerySchema,
    response: ArchiveDetailSchema,
    handler: ({ caller, params, query, ctx }) =>
      s.catalog.archives.detail(caller, params, query, ctx),
  }),
];

export const adminApi: FunctionFactory = (s) => httpFunction('adminApi', adminRoutes(s), s.edge);
