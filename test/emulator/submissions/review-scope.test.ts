import { createServices, type Services } from '../../../functions/services';
import type { Caller } from '../../../shared/auth';
import { parseConfig } from '../../../shared/config';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { enrolledLearner, uploadPng, useSubmissionsFixture } from './fixture';

/**
 * The review scope switch. The stack runs seed 000's default (every instructor reviews); this
 * file also runs the review use cases, against the same emulators, configured as a deployment
 * that restricts review to each pathway's staff.
 */
const fx = useSubmissionsFixture();
let staffOnly: Services;
let stranger: TestUser;
let reviewer: TestUser;
const asCaller = (user: TestUser): Caller => ({
  uid: user.uid,
  role: user.role,
  email: user.email,
  name: user.name,
});

beforeAll(async () => {
  staffOnly = createServices(
    parseConfig({ ...process.env, PATHWISE_REVIEW_SCOPE: 'pathway_staff' }),
  );
  [stranger, reviewer] = await Promise.all([createUser('instructor'), createUser('instructor')]);
  const listed = await api(fx.instructor.token).put(`/api/v1/pathways/${fx.tree.pathwayId}/staff`, {
    staff: [{ uid: reviewer.uid, role: 'reviewer' }],
  });
  expect(listed.status).toBe(200);
});

describe('review scope', () => {
  it('lets every instructor review by default (seed 000)', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const queue = await api(stranger.token).get('/api/v1/admin/submissions/pending?limit=100');
    expect(queue.status).toBe(200);
    expect(queue.body.submissions.map((s: { id: string }) => s.id)).toContain(id);
  });

  it('restricts review to the pathway’s staff when the deployment says so', async () => {
    const learner = await enrolledLearner(fx);
    const { id } = await uploadPng(fx, learner);
    const ctx = { requestId: 'review-scope-test' };
    const query = { limit: 100, offset: 0 };
    const strangers = await staffOnly.submissions.queue.pending(asCaller(stranger), {}, query, ctx);
    expect(strangers.submissions.map((s) => s.id)).not.toContain(id);
    await expect(
      staffOnly.submissions.queue.pending(
        asCaller(stranger),
        {},
        { ...query, pathway_id: fx.tree.pathwayId },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(
      staffOnly.submissions.review.review(
        asCaller(stranger),
        { submission_id: id },
        { submission_status: 'approved' },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    for (const staff of [fx.instructor, reviewer]) {
      const queue = await staffOnly.submissions.queue.pending(asCaller(staff), {}, query, ctx);
      expect(queue.submissions.map((s) => s.id)).toContain(id);
    }
    const approved = await staffOnly.submissions.review.review(
      asCaller(reviewer),
      { submission_id: id },
      { submission_status: 'approved' },
      ctx,
    );
    expect(approved.submission_status).toBe('approved');
  });
});
