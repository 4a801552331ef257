import { DateTime } from 'luxon';
import { ACTIVITY } from '../../../shared/analytics/bucket';
import { replay } from '../../../shared/analytics/replay';
import { localDay } from '../../../shared/analytics/time';
import { learnerEvent, type LearnerEvent } from '../../../shared/learner/events';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { deliverEvent, documentCreatedEvent } from '../../helpers/events';
import { db, testServices } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';

/**
 * A learner's week, scripted: today through the real API (enrol, start, progress, complete, quiz
 * attempts; completions reach the stream through the outbox, Pub/Sub and onProgressEvent, and
 * starts and progress as learner activity on learner-events), and the days before, which no API
 * can backdate, stored in the stream the way the ingest does, built by the learner model's own
 * builders. foldLearnerAnalytics folds every one of them.
 */
const ZONE = 'Europe/Paris';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const questions = [
  { id: 'q1', prompt: 'Pick b', options: ['a', 'b', 'c'], correct: [1] },
  { id: 'q2', prompt: 'Pick a', options: ['a', 'b'], correct: [0] },
];

let instructor: TestUser;
let learner: TestUser;
let tree: Tree;

async function allEvents(token: string): Promise<LearnerEvent[]> {
  const events: LearnerEvent[] = [];
  let pageToken: string | null = null;
  do {
    const page: {
      body: { events: (LearnerEvent & { stored_at?: string })[]; next_page_token: string | null };
    } = await api(token).get(
      `/api/v1/users/me/events?limit=100${pageToken ? `&page_token=${pageToken}` : ''}`,
    );
    for (const { stored_at: _s, ...e } of page.body.events) events.push(e as LearnerEvent);
    pageToken = page.body.next_page_token;
  } while (pageToken);
  return events;
}

async function storedAggregates(uid: string) {
  const user = db().collection('users').doc(uid);
  const [summary, days] = await Promise.all([
    user.collection('analytics').doc('summary').get(),
    user.collection('analyticsDays').get(),
  ]);
  return {
    summary: summary.data(),
    days: Object.fromEntries(days.docs.map((d) => [d.id, d.data()])),
  };
}

/** At `hh:mm` local time, `daysAgo` days before today, as an instant. */
function localAt(daysAgo: number, hh: number, mm: number): string {
  return DateTime.now()
    .setZone(ZONE)
    .minus({ days: daysAgo })
    .set({ hour: hh, minute: mm, second: 0, millisecond: 0 })
    .toUTC()
    .toISO() as string;
}

beforeAll(async () => {
  [instructor, learner] = await Promise.all([createUser('instructor'), createUser('learner')]);
  await db().collection('users').doc(learner.uid).set({ timezone: ZONE }, { merge: true });
  tree = await buildPathway(
    instructor.token,
    [
      {
        resources: [
          { type: 'article' },
          { type: 'video' },
          { type: 'quiz', quiz: { passing_score: 75, questions, max_attempts: 5 } },
        ],
      },
      { resources: [{ type: 'article' }] },
    ],
    { publish: true },
  );
});

describe('the AI dashboard after a scripted week', () => {
  it('reports, in seed 003’s shape, exactly what the events say', async () => {
    const client = api(learner.token);
    const [m1, m2] = tree.modules as [Tree['modules'][0], Tree['modules'][0]];
    const [article, video, quiz] = m1.resources as [string, string, string];
    const where = (resource: string, moduleId = m1.id) => ({
      pathway_id: tree.pathwayId,
      module_id: moduleId,
      resource_id: resource,
    });

    // Today, through the API.
    expect((await client.post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status).toBeLessThan(
      300,
    );
    expect((await client.post(`/api/v1/users/me/resources/${article}/start`, {})).status).toBe(200);
    const progressed = await client.put(`/api/v1/users/me/resources/${video}/progress`, {
      progress_percentage: 60,
      time_spent_minutes: 12,
    });
    expect(progressed.status).toBe(200);
    expect((await client.post(`/api/v1/users/me/resources/${article}/complete`)).status).toBe(200);
    expect((await client.post(`/api/v1/users/me/resources/${video}/complete`)).status).toBe(200);
    const attempts = [];
    for (const answers of [
      { q1: [0], q2: [0] },
      { q1: [1], q2: [0] },
    ]) {
      const attempt = await client.post(`/api/v1/users/me/resources/${quiz}/quiz-attempts`, {
        answers,
      });
      expect(attempt.status).toBe(201);
      attempts.push(attempt.body);
    }
    expect(attempts.map((a) => a.percentage)).toEqual([50, 100]);

    // The attempts reach the stream through the learner model (quiz_attempted on learner-events).
    const stored: LearnerEvent[] = [];
    // The days before: evenings at 20:00 in Paris, a failed async quiz, a missed day (3 ago).
    let n = 0;
    const at = (source: string) => ({
      user_id: learner.uid,
      source: { type: 'api' as const, id: `${source}-${(n += 1)}` },
    });
    for (const daysAgo of [6, 5, 4, 2, 1]) {
      stored.push(
        learnerEvent({
          ...at('v'),
          kind: 'viewed',
          occurred_at: localAt(daysAgo, 20, 0),
          data: where(m2.resources[0] as string, m2.id),
        }),
        learnerEvent({
          ...at('p'),
          kind: 'progressed',
          occurred_at: localAt(daysAgo, 20, 25),
          data: {
            ...where(m2.resources[0] as string, m2.id),
            progress_percentage: 50,
            time_spent_minutes: 30,
            time_added_minutes: 30,
            position_seconds: null,
            previous_position_seconds: null,
            watch_time_seconds: null,
          },
        }),
      );
    }
    stored.push(
      learnerEvent({
        ...at('q'),
        kind: 'quiz_attempted',
        occurred_at: localAt(2, 21, 0),
        data: {
          ...where('async-quiz'),
          attempt_number: 1,
          score: 2,
          max_score: 5,
          percentage: 40,
          passing_score: 70,
          passed: false,
          responses: [],
          skills: ['async_programming'],
        },
      }),
    );
    await testServices().learner.repository.storeOnce(learner.uid, stored, new Date());

    // The completions arrive through the outbox; then every event is folded.
    const events = await waitFor(
      () => allEvents(learner.token),
      (list) =>
        list.filter((e) => e.kind === 'completed' && e.data.scope === 'resource').length === 3 &&
        // Module 1's completion follows its last lesson's through the outbox.
        list.some((e) => e.kind === 'completed' && e.data.scope === 'module') &&
        list.filter((e) => e.kind === 'quiz_attempted').length === 3 &&
        // Today's start and progress reports, staged by their writes as learner activity.
        list.some((e) => e.kind === 'started' && e.data.resource_id === article) &&
        list.some((e) => e.kind === 'progressed' && e.data.resource_id === video),
      20_000,
    );
    await waitFor(
      () => storedAggregates(learner.uid),
      (a) => Object.values(a.days).reduce((n, d) => n + (d.events as number), 0) === events.length,
      20_000,
    );

    // The stored aggregates are exactly a replay of the stream from scratch.
    const aggregates = await storedAggregates(learner.uid);
    const expected = replay(learner.uid, events, ZONE);
    expect(aggregates.summary).toEqual(expected.stored.summary);
    expect(aggregates.days).toEqual(expected.stored.days);

    // The learner model's next-lesson recommendation is folded by its own consumers.
    const dashboard = await waitFor(
      () => client.get('/api/v1/ai/dashboard'),
      (r) =>
        (r.body.recommended_next_lessons ?? []).some((l: { lesson_id: string }) =>
          l.lesson_id.endsWith('-m2-r1'),
        ),
      20_000,
    );
    expect(dashboard.status).toBe(200);
    const body = dashboard.body;
    expect(Object.keys(body).sort()).toEqual([
      'ai_insights',
      'current_goals',
      'performance_summary',
      'recommended_next_lessons',
      'revision_recommendations',
      'struggling_topics',
    ]);

    // Each number, from the events themselves.
    const quizzes = events.filter((e) => e.kind === 'quiz_attempted');
    const scores = quizzes.map((e) => (e.kind === 'quiz_attempted' ? e.data.percentage : 0));
    const lessons = events.filter((e) => e.kind === 'completed' && e.data.scope === 'resource');
    const days = new Set(events.map((e) => localDay(e.occurred_at, ZONE)));
    const today = localDay(new Date(), ZONE);
    expect(days.size).toBe(6);
    const todayTimes = events
      .filter((e) => localDay(e.occurred_at, ZONE) === today)
      .map((e) => Date.parse(e.occurred_at));
    const todaySpan = Math.round((Math.max(...todayTimes) - Math.min(...todayTimes)) / 1000);
    expect(body.performance_summary).toEqual({
      lessons_completed: lessons.length,
      avg_quiz_score: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
      quiz_attempts: 3,
      // Today's starts (article, video, quiz) were all completed; the evenings' views began none.
      completion_rate: 1,
      // Five evenings of one session each (a view at 20:00, progress at 20:25 reporting 30
      // minutes), and today's one session: from the first to the last thing done, or the 12
      // minutes the video's progress report said were spent, whichever is longer.
      study_hours: Math.round(((5 * 30 * 60 + Math.max(todaySpan, 12 * 60)) / 3600) * 100) / 100,
      current_streak: 3,
      active_days: 6,
      performance_trend: 'improving',
    });
    expect(body.current_goals).toEqual([]);
    expect(body.recommended_next_lessons).toEqual([
      expect.objectContaining({
        lesson_id: expect.stringMatching(/-m2-r1$/),
        reason: expect.stringMatching(/^Next in sequence: Module 2/),
      }),
    ]);
    expect(body.struggling_topics).toEqual([
      { skill: 'async_programming', avg_score: 40, attempts: 1, difficulty: 'needs_help' },
    ]);
    expect(body.revision_recommendations).toEqual([
      {
        resource_id: 'async-quiz',
        pathway_id: tree.pathwayId,
        module_id: m1.id,
        skill: 'async_programming',
        recent_score: 40,
        reason: 'Review async_programming - recent quiz score: 40%',
      },
    ]);
    expect(body.ai_insights).toMatchObject({
      performance_trend: 'improving',
      areas_for_improvement: ['async_programming'],
      personalized_message: expect.stringContaining('Great 3-day streak!'),
    });
    // The busiest local hour and the two busiest weekdays of the learner's own activity (today's
    // API calls count too, so the hour depends on when the test runs).
    const own = events.filter((e) => ACTIVITY.has(e.kind));
    const local = (e: LearnerEvent) => DateTime.fromISO(e.occurred_at, { zone: ZONE });
    const busiest = <K>(keys: readonly K[], of: (e: LearnerEvent) => K, n: number) =>
      keys
        .map((k) => [k, own.filter((e) => of(e) === k).length] as const)
        .filter(([, c]) => c > 0)
        .sort((a, b) => b[1] - a[1] || keys.indexOf(a[0]) - keys.indexOf(b[0]))
        .slice(0, n)
        .map(([k]) => k);
    const [hour] = busiest(
      Array.from({ length: 24 }, (_, h) => h),
      (e) => local(e).hour,
      1,
    );
    const weekdays = busiest(
      WEEKDAYS,
      (e) => local(e).setLocale('en').weekdayLong?.toLowerCase(),
      2,
    );
    expect(body.ai_insights.study_recommendation).toBe(
      `You learn best on ${weekdays.join(', ')} around ${String(hour).padStart(2, '0')}:00`,
    );
    expect(['ahead', 'on_track', 'behind']).toContain(body.ai_insights.learning_pace);

    // A repeated delivery of a stored event changes nothing.
    const again = await deliverEvent(
      'foldLearnerAnalytics',
      documentCreatedEvent(`users/${learner.uid}/events/${events[0]!.id}`),
    );
    expect(again.status).toBe(204);
    expect(await storedAggregates(learner.uid)).toEqual(aggregates);
  });

  it('shows each learner only their own dashboard, and nobody without a token', async () => {
    const other = await createUser('learner');
    const theirs = await api(other.token).get('/api/v1/ai/dashboard');
    expect(theirs.status).toBe(200);
    expect(theirs.body.performance_summary).toMatchObject({
      lessons_completed: 0,
      active_days: 0,
      current_streak: 0,
    });
    expect(theirs.body.struggling_topics).toEqual([]);
    expect((await api().get('/api/v1/ai/dashboard')).status).toBe(401);
    expect((await api(other.token).get('/api/v1/ai/dashboard?days=3')).status).toBe(400);
  });
});
