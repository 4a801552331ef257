import { callableFunction } from '../shared/platform/functions';
import { ReviewCallableSchema, ReviewResponseSchema } from '../shared/submissions/schemas';
import { submissions } from '../shared/submissions/service';

export const reviewSubmission = callableFunction('reviewSubmission', {
  summary: 'Approve or reject a submission with a grade, comments and optionally a feedback file',
  role: 'instructor',
  data: ReviewCallableSchema,
  result: ReviewResponseSchema,
  handler: ({ caller, data, requestId }) => {
    const { submission_id: submissionId, ...review } = data;
    return submissions().review(caller, submissionId, review, requestId);
  },
});
