import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';

/** A pathway's certificate rules: stored with it, shown with it, edited by whoever edits it. */
let owner: TestUser;
let other: TestUser;
let learner: TestUser;
let tree: Tree;

beforeAll(async () => {
  [owner, other, learner] = await Promise.all([
    createUser('instructor'),
    createUser('instructor'),
    createUser('learner'),
  ]);
  tree = await buildPathway(owner.token, [{ resources: [{ type: 'video' }] }], { publish: true });
});

const rules = () => `/api/v1/pathways/${tree.pathwayId}/certificate-rules`;

describe('certificate rules', () => {
  it('default to every rule on and no expiry, and are shown with the pathway', async () => {
    const detail = await api(learner.token).get(`/api/v1/pathways/${tree.pathwayId}`);
    expect(detail.body.certificate_rules).toEqual({
      all_required_resources: true,
      all_quizzes_passed: true,
      min_average_quiz_score: null,
      all_submissions_approved: true,
      valid_for_days: null,
    });
  });

  it('are replaced (PUT) and changed (PATCH) by the owner, re-checked as a whole', async () => {
    const put = await api(owner.token).put(rules(), {
      all_submissions_approved: false,
      min_average_quiz_score: 75,
      valid_for_days: 730,
    });
    expect(put.status).toBe(200);
    expect(put.body.certificate_rules).toEqual({
      all_required_resources: true,
      all_quizzes_passed: true,
      min_average_quiz_score: 75,
      all_submissions_approved: false,
      valid_for_days: 730,
    });
    const patch = await api(owner.token).patch(rules(), { valid_for_days: null });
    expect(patch.body.certificate_rules).toMatchObject({
      min_average_quiz_score: 75,
      valid_for_days: null,
    });
    const nothingLeft = await api(owner.token).patch(rules(), {
      all_required_resources: false,
      all_quizzes_passed: false,
      min_average_quiz_score: null,
    });
    expect(nothingLeft.status).toBe(400);
    expect(nothingLeft.body.error.message).toMatch(/at least one rule/);
    const outOfRange = await api(owner.token).put(rules(), { min_average_quiz_score: 101 });
    expect(outOfRange.body.error.details).toEqual([
      { path: 'min_average_quiz_score', message: 'Must be between 0 and 100' },
    ]);
  });

  it('cannot be changed by another instructor or a learner', async () => {
    expect((await api(other.token).put(rules(), { valid_for_days: 1 })).status).toBe(403);
    expect((await api(learner.token).patch(rules(), { valid_for_days: 1 })).status).toBe(403);
    const detail = await api(owner.token).get(`/api/v1/pathways/${tree.pathwayId}`);
    expect(detail.body.certificate_rules.valid_for_days).toBeNull();
  });
});
