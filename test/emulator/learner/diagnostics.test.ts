import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { uniqueId } from '../../helpers/catalog';
import { waitFor } from '../../helpers/wait';

/** Ten questions on one skill, difficulties 1–10, four options, the first one right. */
function questions(skill: string) {
  return Array.from({ length: 10 }, (_, i) => ({
    id: `q${i + 1}`,
    prompt: `Question ${i + 1}?`,
    options: ['right', 'wrong a', 'wrong b', 'wrong c'],
    correct: [0],
    skills: [skill],
    difficulty: i + 1,
  }));
}

describe('diagnostic assessments', () => {
  let instructor: TestUser;
  let learner: TestUser;
  let other: TestUser;
  let assessmentId: string;
  beforeAll(async () => {
    [instructor, learner, other] = await Promise.all([
      createUser('instructor'),
      createUser('learner'),
      createUser('learner'),
    ]);
    assessmentId = uniqueId('diag');
    const created = await api(instructor.token).post('/api/v1/assessments', {
      id: assessmentId,
      title: 'Prompting diagnostic',
      target_levels: { prompt_engineering: 7 },
      questions: questions('prompt_engineering'),
    });
    expect(created.status).toBe(201);
  });

  it('never shows the answer key to learners, and only instructors write assessments', async () => {
    const seen = await api(learner.token).get(`/api/v1/assessments/${assessmentId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.questions).toHaveLength(10);
    expect(JSON.stringify(seen.body)).not.toMatch(/"correct"|"difficulty"/);
    const authored = await api(instructor.token).get(`/api/v1/assessments/${assessmentId}`);
    expect(authored.body.questions[0]).toMatchObject({ correct: [0], difficulty: 1 });
    const refused = await api(learner.token).post('/api/v1/assessments', {
      id: uniqueId('x'),
      title: 'Mine',
      questions: questions('prompt_engineering'),
    });
    expect(refused.status).toBe(403);
    const unknown = await api(instructor.token).post('/api/v1/assessments', {
      id: uniqueId('y'),
      title: 'Unknown skill',
      questions: questions('no_such_skill'),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('questions.0.skills.0');
  });

  it('scores an attempt on the server, and the learner’s levels and gaps follow', async () => {
    // Right up to difficulty 4, wrong above: a learner around level 4.
    const answers = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, [i < 4 ? 0 : 1]]),
    );
    const attempt = await api(learner.token).post(`/api/v1/assessments/${assessmentId}/attempts`, {
      answers,
    });
    expect(attempt.status).toBe(201);
    expect(attempt.body).toMatchObject({ score: 4, max_score: 10, percentage: 40 });
    expect(attempt.body.skill_breakdown).toEqual([
      expect.objectContaining({
        skill_id: 'prompt_engineering',
        questions: 10,
        correct: 4,
        hardest_correct: 4,
        easiest_wrong: 5,
      }),
    ]);
    const breakdown = await api(learner.token).get(
      `/api/v1/assessments/${assessmentId}/attempts/${attempt.body.attempt_id}/skill-breakdown`,
    );
    expect(breakdown.body.skill_breakdown[0].skill_id).toBe('prompt_engineering');
    const own = `/api/v1/assessments/${assessmentId}/attempts/${attempt.body.attempt_id}`;
    expect((await api(learner.token).get(own)).body.attempt_id).toBe(attempt.body.attempt_id);
    expect((await api(other.token).get(own)).status).toBe(404);
    // Under another assessment's path, the attempt is not there either.
    expect(
      (
        await api(learner.token).get(
          `/api/v1/assessments/other-assessment/attempts/${attempt.body.attempt_id}`,
        )
      ).status,
    ).toBe(404);

    const profile = await waitFor(
      () => api(learner.token).get('/api/v1/users/me/profile'),
      (r) => r.body.skill_levels?.prompt_engineering !== undefined,
      20_000,
    );
    const level = profile.body.skill_levels.prompt_engineering;
    expect(level.level).toBeGreaterThanOrEqual(3);
    expect(level.level).toBeLessThanOrEqual(5);
    expect(level.evidence_event_ids).toEqual([attempt.body.event_id]);
    expect(level.explanation).toMatch(/^Level \d in prompt_engineering .*4 of 10 answers right/);
    expect(level.confidence).toBeGreaterThan(0);
    expect(profile.body.knowledge_gaps).toEqual([
      expect.objectContaining({
        skill_id: 'prompt_engineering',
        current_level: level.level,
        target_level: 7,
        target_source: 'assessment "Prompting diagnostic"',
      }),
    ]);
    const events = await api(learner.token).get('/api/v1/users/me/events');
    expect(events.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'assessment_attempted',
    ]);
  });

  it('keeps preferences apart from the folded model', async () => {
    const patched = await api(learner.token).patch('/api/v1/users/me/profile', {
      weekly_hours: 8,
      timezone: 'Europe/Berlin',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.preferences).toEqual({ weekly_hours: 8, timezone: 'Europe/Berlin' });
    const bad = await api(learner.token).patch('/api/v1/users/me/profile', {
      timezone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('timezone');
    const theirs = await api(other.token).get('/api/v1/users/me/profile');
    expect(theirs.body).toMatchObject({ skill_levels: {}, knowledge_gaps: [], events_folded: 0 });
  });
});
