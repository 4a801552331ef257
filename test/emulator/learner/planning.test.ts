import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { uniqueId } from '../../helpers/catalog';
import { deliverEvent, pubsubEvent } from '../../helpers/events';
import {
  replannableGoal,
  skillId,
  skillQuestions,
  taggedPathway,
} from '../../helpers/learning-paths';
import { waitFor } from '../../helpers/wait';

describe('goals, learning paths and recommendations', () => {
  let instructor: TestUser;
  let learner: TestUser;
  let other: TestUser;
  let skill: string;
  beforeAll(async () => {
    [instructor, learner, other] = await Promise.all([
      createUser('instructor'),
      createUser('learner'),
      createUser('learner'),
    ]);
    skill = skillId('async_programming');
    await api(instructor.token).post('/api/v1/skills', { id: skill, name: 'Async programming' });
  });

  it('plans a goal’s path in seed 003’s shape, prerequisites first, every step with a reason', async () => {
    const basics = await taggedPathway(instructor.token, 'Async basics', {
      skills: [{ skill_id: skill, level: 4 }],
      difficulty: 'beginner',
      estimated_hours: 10,
    });
    const advanced = await taggedPathway(instructor.token, 'Async at scale', {
      skills: [{ skill_id: skill, level: 8 }],
      difficulty: 'advanced',
      prerequisites: [{ kind: 'pathway', pathway_id: basics.pathwayId }],
      estimated_hours: 20,
    });
    await api(learner.token).patch('/api/v1/users/me/profile', { weekly_hours: 6 });
    const goal = await api(learner.token).post('/api/v1/learning/goals', {
      title: 'Async expert',
      targets: [{ skill_id: skill, target_level: 8 }],
    });
    expect(goal.status).toBe(201);
    expect(goal.body).toMatchObject({ status: 'active', revision: 1, deadline: null });

    const path = await api(learner.token).post('/api/v1/ai/generate-learning-path', {
      goal_id: goal.body.goal_id,
    });
    expect(path.status).toBe(200);
    expect(path.body.learning_path.map((s: { id: string }) => s.id)).toEqual([
      basics.pathwayId,
      advanced.pathwayId,
    ]);
    expect(path.body.learning_path[0]).toEqual({
      type: 'course',
      id: basics.pathwayId,
      title: 'Async basics',
      skills_covered: [skill],
      estimated_hours: 10,
      reason: expect.stringMatching(/^Builds foundation in .*prerequisite for Async at scale/),
      sequence: 1,
      required: true,
      difficulty: 'beginner',
      closes_gaps: [skill],
      prerequisite_for: [advanced.pathwayId],
    });
    for (const step of path.body.learning_path) expect(step.reason.length).toBeGreaterThan(10);
    expect(path.body.metadata).toMatchObject({
      total_courses: 2,
      total_hours: 30,
      estimated_weeks: 5,
      skills_covered: [skill],
      remaining_gaps: [],
    });
    expect(path.body).toMatchObject({ goal_id: goal.body.goal_id, version: 1, changes: null });

    // The same inputs plan the same path: no new version.
    const again = await api(learner.token).post('/api/v1/ai/generate-learning-path', {
      goal_id: goal.body.goal_id,
    });
    expect(again.body.version).toBe(1);
    // Fewer weekly hours: a new version, and the diff says what changed.
    await api(learner.token).patch('/api/v1/users/me/profile', { weekly_hours: 3 });
    const slower = await api(learner.token).post('/api/v1/ai/generate-learning-path', {
      goal_id: goal.body.goal_id,
    });
    expect(slower.body.version).toBe(2);
    expect(slower.body.metadata.estimated_weeks).toBe(10);
    const latest = await api(learner.token).get(
      `/api/v1/ai/learning-path?goal_id=${goal.body.goal_id}`,
    );
    expect(latest.body.version).toBe(2);
    const versions = await api(learner.token).get(
      `/api/v1/ai/learning-path/versions?goal_id=${goal.body.goal_id}`,
    );
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    // Goals: the goal_set events reach the stream, archiving is final.
    const archived = await api(learner.token).post(
      `/api/v1/learning/goals/${goal.body.goal_id}/archive`,
    );
    expect(archived.body).toMatchObject({ status: 'archived', revision: 2 });
    const revive = await api(learner.token).patch(`/api/v1/learning/goals/${goal.body.goal_id}`, {
      status: 'active',
    });
    expect(revive.status).toBe(400);
    expect(revive.body.error.details[0].path).toBe('status');
    await waitFor(
      () => api(learner.token).get('/api/v1/users/me/events?limit=100'),
      (r) => r.body.events.filter((e: { kind: string }) => e.kind === 'goal_set').length === 2,
    );
  });

  it('replans a stored path when a level it was planned from changes, once under redelivery', async () => {
    const me = await createUser('learner');
    const { skill: skill2, first, versionsUrl, passQuiz } = await replannableGoal(instructor, me);
    const client = api(me.token);
    expect(first.body).toMatchObject({
      version: 1,
      trigger: { kind: 'requested', reason: 'Requested by the learner' },
    });

    await passQuiz();
    const replanned = await waitFor(
      () => client.get(versionsUrl),
      // Through the outbox: the refold's commit stages the replan, the relay publishes it.
      (r) => r.body.versions?.length === 2,
      45_000,
    );
    const stream = (await client.get('/api/v1/users/me/events?limit=100')).body.events as {
      id: string;
      kind: string;
      stored_at?: string;
    }[];
    const quizEvent = stream.find((e) => e.kind === 'quiz_attempted');
    const level = (await client.get('/api/v1/users/me/profile')).body.skill_levels[skill2].level;
    expect(replanned.body.versions[1]).toMatchObject({
      version: 2,
      trigger: {
        kind: 'level_changed',
        reason: `Replanned: ${skill2} went from no evidence to level ${level}`,
        changes: [{ skill_id: skill2, from: null, to: level }],
      },
      changes: { summary: expect.any(String) },
    });
    expect([quizEvent?.id, stream.at(-1)?.id]).toContain(
      replanned.body.versions[1].trigger.event_id,
    );

    // The quiz attempt delivered again: nothing folds, nothing is replanned.
    const { stored_at: _storedAt, ...message } = quizEvent as { stored_at?: string };
    const again = await Promise.all(
      [1, 2].map(() => deliverEvent('onLearnerEvent', pubsubEvent('learner-events', message))),
    );
    expect(again.map((r) => r.status)).toEqual([204, 204]);
    expect((await client.get(versionsUrl)).body.versions).toHaveLength(2);
  }, 120_000);

  it('turns a failed quiz into a revision recommendation with its evidence, and records actions', async () => {
    const lessonTitle = 'Event loops explained';
    const client = api(instructor.token);
    const pathwayId = uniqueId('revise');
    await client.post('/api/v1/pathways', {
      id: pathwayId,
      title: 'Async in practice',
      learning: {
        skills: [{ skill_id: skill, level: 5 }],
        difficulty: 'beginner',
        estimated_hours: 3,
      },
    });
    const moduleId = `${pathwayId}-m1`;
    await client.post(`/api/v1/pathways/${pathwayId}/modules`, { id: moduleId, title: 'Basics' });
    await client.post(`/api/v1/modules/${moduleId}/resources`, {
      id: `${moduleId}-lesson`,
      type: 'article',
      title: lessonTitle,
      duration_minutes: 20,
      learning: { skills: [{ skill_id: skill, level: 4 }] },
    });
    const quizId = `${moduleId}-quiz`;
    await client.post(`/api/v1/modules/${moduleId}/resources`, {
      id: quizId,
      type: 'quiz',
      title: 'Async check',
      learning: { skills: [{ skill_id: skill, level: 5 }] },
      quiz: {
        passing_score: 70,
        questions: skillQuestions(skill, 3),
      },
    });
    await client.post(`/api/v1/pathways/${pathwayId}/publish`);

    const me = api(learner.token);
    expect((await me.post(`/api/v1/pathways/${pathwayId}/enroll`)).status).toBeLessThan(300);
    const attempt = await me.post(`/api/v1/users/me/resources/${quizId}/quiz-attempts`, {
      answers: { a: [0], b: [1], c: [1], d: [1] },
    });
    expect(attempt.status).toBe(201);
    expect(attempt.body.percentage).toBe(25);

    const recs = await waitFor(
      () => me.get('/api/v1/ai/recommendations'),
      (r) =>
        r.body.recommendations?.some((x: { reason_code: string }) => x.reason_code === 'revision'),
      20_000,
    );
    const revision = recs.body.recommendations.find(
      (x: { reason_code: string }) => x.reason_code === 'revision',
    );
    expect(revision).toMatchObject({
      reason: `Review ${skill} - recent quiz score: 25%`,
      target: {
        type: 'resource',
        id: `${moduleId}-lesson`,
        title: lessonTitle,
        pathway_id: pathwayId,
      },
      evidence: { scores: [25] },
      status: 'active',
      shown_at: expect.any(String),
    });
    const events = await me.get('/api/v1/users/me/events?limit=100');
    const quizEvent = events.body.events.find((e: { kind: string }) => e.kind === 'quiz_attempted');
    expect(revision.evidence.event_ids).toEqual([quizEvent.id]);
    expect(quizEvent.data.responses).toEqual([
      { question_id: 'a', correct: true, skills: [skill], difficulty: 3, guessing: 0.5 },
      { question_id: 'b', correct: false, skills: [skill], difficulty: 4, guessing: 0.5 },
      { question_id: 'c', correct: false, skills: [skill], difficulty: 5, guessing: 0.5 },
      { question_id: 'd', correct: false, skills: [skill], difficulty: 6, guessing: 0.5 },
    ]);
    const profile = await me.get('/api/v1/users/me/profile');
    expect(profile.body.skill_levels[skill].evidence_event_ids).toContain(quizEvent.id);

    const acted = await me.post(`/api/v1/ai/recommendations/${revision.id}/action`, {
      action: 'accepted',
    });
    expect(acted.status).toBe(202);
    await waitFor(
      () => me.get('/api/v1/ai/recommendations?status=all'),
      (r) =>
        r.body.recommendations.find((x: { id: string }) => x.id === revision.id)?.status ===
        'accepted',
    );
    // Every recommendation served open is a `recommendation_shown` event, once however often
    // the list is read; the action is a `recommendation_acted` event.
    const served = (await me.get('/api/v1/ai/recommendations')).body.recommendations as {
      id: string;
      shown_at: string | null;
    }[];
    expect(served.length).toBeGreaterThan(0);
    expect(served.every((x) => x.shown_at !== null)).toBe(true);
    const stream = await waitFor(
      () => me.get('/api/v1/users/me/events?limit=100'),
      (r) =>
        served.every((x) =>
          r.body.events.some(
            (e: { kind: string; data: { recommendation_id?: string } }) =>
              e.kind === 'recommendation_shown' && e.data.recommendation_id === x.id,
          ),
        ) && r.body.events.some((e: { kind: string }) => e.kind === 'recommendation_acted'),
    );
    const shownIds = stream.body.events
      .filter((e: { kind: string }) => e.kind === 'recommendation_shown')
      .map((e: { data: { recommendation_id: string } }) => e.data.recommendation_id);
    expect(shownIds).toContain(revision.id);
    expect(new Set(shownIds).size).toBe(shownIds.length);
    expect(
      stream.body.events.find((e: { kind: string }) => e.kind === 'recommendation_acted').data,
    ).toEqual({ recommendation_id: revision.id, action: 'accepted' });
    const again = await me.get('/api/v1/ai/recommendations?status=all');
    expect(
      again.body.recommendations.find((x: { id: string }) => x.id === revision.id).shown_at,
    ).toBe(revision.shown_at);

    const bad = await me.post(`/api/v1/ai/recommendations/${revision.id}/action`, {
      action: 'loved',
    });
    expect(bad.status).toBe(400);

    // Another learner sees none of it: 404s, and empty lists.
    const them = api(other.token);
    expect(
      (await them.post(`/api/v1/ai/recommendations/${revision.id}/action`, { action: 'skipped' }))
        .status,
    ).toBe(404);
    expect((await them.get('/api/v1/ai/recommendations')).body.recommendations).toEqual([]);
    const goal = (await me.get('/api/v1/learning/goals')).body.goals[0];
    expect((await them.get(`/api/v1/learning/goals/${goal.goal_id}`)).status).toBe(404);
    expect(
      (await them.patch(`/api/v1/learning/goals/${goal.goal_id}`, { title: 'Mine' })).status,
    ).toBe(404);
    expect((await them.get(`/api/v1/ai/learning-path?goal_id=${goal.goal_id}`)).status).toBe(404);
    expect(
      (await them.post('/api/v1/ai/generate-learning-path', { goal_id: goal.goal_id })).status,
    ).toBe(404);
    expect((await them.get('/api/v1/learning/goals')).body.goals).toEqual([]);
    expect((await them.get('/api/v1/users/me/profile')).body.skill_levels).toEqual({});
  });
});
