import { callableFunction } from '../shared/platform/functions';
import { ReviewCallableSchema, ReviewResponseSchema } from '../shared/submissions/schemas';
import type { FunctionFactory } from './services';

export const reviewSubmission: FunctionFactory = (s) =>
  callableFunction(
    'reviewSubmission',
    {
      summary:
        'Approve or reject a submission with a grade, comments and optionally a feedback file',
      role: 'instructor',
      data: ReviewCallableSchema,
      result: ReviewResponseSchema,
      handler: ({ caller, data, ctx }) => {
        const { submission_id, ...review } = data;
        return s.submissions.review.review(caller, { submission_id }, review, ctx);
      },
    },
    s.edge,
  );
