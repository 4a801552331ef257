import { call } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';

/**
 * Seed 004's UserCourseProgress client, unchanged: plain fetch with its paths and field names,
 * over the demo pathway (6 modules × 5 resources). Its course enrollment is the enrollment.
 */
const topic = 'foundations-image-gen';
const video = 'foundations-image-gen-r1';
const article = 'foundations-image-gen-r2';
const quiz = 'foundations-image-gen-r4';

let learner: TestUser;
let course: string;

const as = (user: TestUser) => ({
  get: (path: string) => call('GET', path, { token: user.token }),
  post: (path: string, body?: unknown) => call('POST', path, { token: user.token, body }),
  put: (path: string, body: unknown) => call('PUT', path, { token: user.token, body }),
});
const lesson = (id: string, t = topic) => `/api/v1/progress/${course}/${t}/${id}`;

beforeAll(async () => {
  learner = await createUser('learner');
  await as(learner).post('/api/v1/pathways/image-generation/enroll');
  course = `${learner.uid}_image-generation`;
});

describe('seed 004 lesson progress', () => {
  it('creates, reads, updates, views and completes a lesson with the seed’s fields', async () => {
    const created = await as(learner).post('/api/v1/progress/', {
      user_course_id: course,
      topic_id: topic,
      lesson_id: video,
      status: 'not_started',
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(
      [
        'completed_at',
        'created_at',
        'id',
        'last_viewed_at',
        'lesson_id',
        'status',
        'topic_id',
        'updated_at',
        'user_course_id',
      ].sort(),
    );
    expect(created.body).toMatchObject({
      user_course_id: course,
      topic_id: topic,
      lesson_id: video,
      status: 'not_started',
      last_viewed_at: null,
      completed_at: null,
      created_at: expect.any(String),
    });
    expect((await as(learner).get(lesson(video))).body).toEqual(created.body);

    const viewedAt = new Date(Date.now() - 60_000).toISOString();
    const updated = await as(learner).put(lesson(video), {
      status: 'in_progress',
      last_viewed_at: viewedAt,
    });
    expect(updated.body).toMatchObject({ status: 'in_progress', last_viewed_at: viewedAt });

    const viewed = await as(learner).post(`${lesson(article)}/view`);
    expect(viewed.body).toMatchObject({ lesson_id: article, status: 'in_progress' });
    expect(Date.parse(viewed.body.last_viewed_at)).toBeGreaterThan(Date.parse(viewedAt));

    const done = await as(learner).post(`${lesson(video)}/complete`);
    expect(done.body).toMatchObject({ status: 'completed', completed_at: expect.any(String) });
  });

  it('summarises the course and its topics in the seed’s shape', async () => {
    const summary = await as(learner).get(`/api/v1/progress/course/${course}/summary`);
    expect(summary.body).toEqual({
      user_course_id: course,
      total_lessons: 30,
      completed_lessons: 1,
      in_progress_lessons: 1,
      not_started_lessons: 28,
      completion_percentage: 3.3,
      current_topic_id: topic,
      current_lesson_id: expect.any(String),
      last_activity_at: expect.any(String),
    });
    const topicView = await as(learner).get(`/api/v1/progress/course/${course}/topic/${topic}`);
    expect(topicView.body).toMatchObject({
      topic_id: topic,
      total_lessons: 5,
      completed_lessons: 1,
      completion_percentage: 20,
    });
    expect(topicView.body.lessons.map((l: { status: string }) => l.status)).toEqual([
      'completed',
      'in_progress',
      'not_started',
      'not_started',
      'not_started',
    ]);
    const whole = await as(learner).get(`/api/v1/progress/course/${course}`);
    expect(whole.body.topics).toHaveLength(6);
    expect(whole.body.completed_lessons).toBe(1);
  });

  it('never moves backwards, refuses the future, and keeps quiz completion to the quiz', async () => {
    const back = await as(learner).put(lesson(video), { status: 'not_started' });
    expect(back.status).toBe(409);
    const future = await as(learner).put(lesson(article), {
      last_viewed_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(400);
    expect(future.body.error.details[0].path).toBe('last_viewed_at');
    const quizByHand = await as(learner).post(`${lesson(quiz)}/complete`);
    expect(quizByHand.status).toBe(409);
  });

  it('is a 404 for anyone else’s course, an unenrolled course, or a lesson outside the topic', async () => {
    const other = await createUser('learner');
    expect((await as(other).get(lesson(video))).status).toBe(404);
    expect((await as(other).get(`/api/v1/progress/course/${course}/summary`)).status).toBe(404);
    const theirs = await as(other).post('/api/v1/progress/', {
      user_course_id: course,
      topic_id: topic,
      lesson_id: video,
    });
    expect(theirs.status).toBe(404);
    const notEnrolled = `${other.uid}_prompt-engineering`;
    expect((await as(other).get(`/api/v1/progress/course/${notEnrolled}`)).status).toBe(404);
    expect((await as(learner).get(lesson('prompt-basics-r1'))).status).toBe(404);
    expect((await as(learner).get(lesson(video, 'no-such-topic'))).status).toBe(404);
  });
});
