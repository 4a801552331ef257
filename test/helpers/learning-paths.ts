import { api } from './api';
import type { TestUser } from './auth';
import { uniqueId } from './catalog';

/** A skill id of the catalog's form (letters, digits and underscores), unique per call. */
export const skillId = (prefix: string) => uniqueId(prefix).replaceAll('-', '_');

/** Four questions on one skill, the first option right, difficulties rising from `easiest`. */
export const skillQuestions = (skill: string, easiest: number) =>
  ['a', 'b', 'c', 'd'].map((id, i) => ({
    id,
    prompt: `Question ${id}?`,
    options: ['right', 'wrong'],
    correct: [0],
    skills: [skill],
    difficulty: easiest + i,
  }));

/** A published pathway with one resource, tagged for the learner model. */
export async function taggedPathway(
  token: string,
  title: string,
  learning: Record<string, unknown>,
  resource: Record<string, unknown> = { type: 'article', title: `${title}: reading` },
): Promise<{ pathwayId: string; resourceId: string }> {
  const client = api(token);
  const pathwayId = uniqueId('plan');
  expect((await client.post('/api/v1/pathways', { id: pathwayId, title, learning })).status).toBe(
    201,
  );
  const moduleId = `${pathwayId}-m1`;
  await client.post(`/api/v1/pathways/${pathwayId}/modules`, { id: moduleId, title: 'Module 1' });
  const resourceId = `${moduleId}-r1`;
  const created = await client.post(`/api/v1/modules/${moduleId}/resources`, {
    id: resourceId,
    duration_minutes: 30,
    ...resource,
  });
  expect(created.status).toBe(201);
  expect((await client.post(`/api/v1/pathways/${pathwayId}/publish`)).status).toBe(200);
  return { pathwayId, resourceId };
}

/**
 * A learner's goal whose path depends on one skill's level: a new skill, a pathway teaching it
 * at level 6 whose only resource is a four-question quiz on it, and the learner's goal (level 7)
 * with its first, requested path. `passQuiz` then moves the skill's band, which replans the path.
 */
export async function replannableGoal(instructor: TestUser, learner: TestUser) {
  const skill = skillId('sql');
  await api(instructor.token).post('/api/v1/skills', { id: skill, name: 'SQL' });
  const { pathwayId, resourceId } = await taggedPathway(
    instructor.token,
    'SQL drills',
    { skills: [{ skill_id: skill, level: 6 }], difficulty: 'beginner', estimated_hours: 4 },
    {
      type: 'quiz',
      title: 'SQL check',
      quiz: {
        passing_score: 70,
        questions: skillQuestions(skill, 2),
      },
    },
  );
  const client = api(learner.token);
  const goal = await client.post('/api/v1/learning/goals', {
    title: 'SQL fluent',
    targets: [{ skill_id: skill, target_level: 7 }],
  });
  const first = await client.post('/api/v1/ai/generate-learning-path', {
    goal_id: goal.body.goal_id,
  });
  const goalId = goal.body.goal_id as string;
  return {
    skill,
    pathwayId,
    goalId,
    first,
    versionsUrl: `/api/v1/ai/learning-path/versions?goal_id=${goalId}`,
    /** Enrols the learner and answers every question right. */
    async passQuiz() {
      expect((await client.post(`/api/v1/pathways/${pathwayId}/enroll`)).status).toBeLessThan(300);
      const attempt = await client.post(`/api/v1/users/me/resources/${resourceId}/quiz-attempts`, {
        answers: { a: [0], b: [0], c: [0], d: [0] },
      });
      expect(attempt.status).toBe(201);
    },
  };
}
