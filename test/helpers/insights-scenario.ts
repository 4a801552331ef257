import { httpsCallable } from 'firebase/functions';
import { api } from './api';
import { createUser, TEST_PASSWORD, type TestUser } from './auth';
import { buildPathway, type Tree } from './catalog';
import { clientSession } from './client-sdk';
import { fileBytes } from './files';
import { db } from './services';
import { waitFor } from './wait';

/**
 * A scripted cohort for the insights (issue 15): an owner's published pathway — module 1 a
 * 20-minute video and an article, module 2 a two-question quiz (pass at 50 %) and a PNG
 * exercise — and four learners:
 *
 * | learner | video | article | quiz                      | uploads                                  |
 * | ------- | ----- | ------- | ------------------------- | ---------------------------------------- |
 * | ada     | 12 m  | 4 m     | both right                | 3,000 B, approved                        |
 * | ben     | 30 m  | 6 m     | q1 right, q2 wrong (pass) | 2,000 B, left pending                    |
 * | cy      | 18 m  | —       | three attempts, all wrong | 1,000 B rejected; a PDF refused;         |
 * |         |       |         |                           | one opened, never sent, expired          |
 * | dee     | —     | —       | —                         | — (enrolled only)                        |
 */
export interface InsightsScenario {
  owner: TestUser;
  tree: Tree;
  video: string;
  article: string;
  quiz: string;
  exercise: string;
  learners: { ada: TestUser; ben: TestUser; cy: TestUser; dee: TestUser };
  /** The submissions the owner decided, as stored. */
  reviewed: { approved: string; rejected: string };
  /** Uploads that expired: cy's never-sent one, and any whose URL ran out under load. */
  expiredUploads: number;
}

export const SCENARIO_QUESTIONS = [
  { id: 'q1', prompt: 'Which is first?', options: ['a', 'b', 'c', 'd'], correct: [0] },
  { id: 'q2', prompt: 'Which is second?', options: ['a', 'b', 'c', 'd'], correct: [1] },
];

const me = (id: string) => `/api/v1/users/me/resources/${id}`;

async function ok(what: string, pending: Promise<{ status: number; body: unknown }>) {
  const r = await pending;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as any;
}

async function settled(id: string) {
  return waitFor(
    async () => (await db().collection('submissions').doc(id).get()).data(),
    (s) => s !== undefined && s.status !== 'awaiting_upload' && s.status !== 'scan_pending',
  );
}

async function expired(id: string) {
  await waitFor(
    async () => (await db().collection('submissions').doc(id).get()).data(),
    (s) => s?.status === 'expired',
    60_000,
  );
}

/**
 * Opens an upload and sends the bytes (none: the learner never sends them, and the upload
 * expires). Under heavy load the tests' 6-second signed URL can run out before the PUT, or the
 * expiry before the finalize event: that upload expires as a learner's would, the tally counts
 * it, and another is opened.
 */
async function upload(
  learner: TestUser,
  exercise: string,
  bytes: Buffer | null,
  size: number,
  tally: { expired: number },
): Promise<string> {
  for (;;) {
    const opened = await ok(
      'open upload',
      api(learner.token).post(`${me(exercise)}/upload`, {
        file_name: 'work.png',
        content_type: 'image/png',
        size_bytes: size,
      }),
    );
    const id = opened.submission_id as string;
    if (!bytes) {
      await expired(id);
      tally.expired += 1;
      return id;
    }
    const put = await fetch(opened.upload.url, {
      method: 'PUT',
      headers: opened.upload.headers,
      body: new Uint8Array(bytes),
    });
    if (put.status === 200) {
      // Under load the expiry task can also win over a late finalize event.
      if ((await settled(id))?.status !== 'expired') return id;
    } else {
      const answer = await put.text();
      if (!answer.includes('ExpiredToken')) throw new Error(`upload PUT: ${put.status} ${answer}`);
      await expired(id);
    }
    tally.expired += 1;
  }
}

export async function playInsightsScenario(owner?: TestUser): Promise<InsightsScenario> {
  const instructor = owner ?? (await createUser('instructor', 'owner'));
  const tree = await buildPathway(
    instructor.token,
    [
      { resources: [{ type: 'video', duration_minutes: 20 }, { type: 'article' }] },
      {
        resources: [
          { type: 'quiz', quiz: { passing_score: 50, questions: SCENARIO_QUESTIONS } },
          {
            type: 'exercise',
            requires_upload: true,
            accepted_file_types: ['image/png'],
            max_file_size_mb: 5,
          },
        ],
      },
    ],
    { publish: true },
  );
  const [video, article] = tree.modules[0]?.resources as [string, string];
  const [quiz, exercise] = tree.modules[1]?.resources as [string, string];
  const [ada, ben, cy, dee] = await Promise.all(
    ['ada', 'ben', 'cy', 'dee'].map((label) => createUser('learner', label)),
  );
  const learners = { ada, ben, cy, dee } as InsightsScenario['learners'];
  const tally = { expired: 0 };
  for (const l of Object.values(learners))
    await ok('enrol', api(l.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`));

  const done = (l: TestUser, id: string, minutes: number) =>
    ok(
      'progress',
      api(l.token).put(`${me(id)}/progress`, { status: 'completed', time_spent_minutes: minutes }),
    );
  const attempt = (l: TestUser, answers: Record<string, number[]>) =>
    ok('quiz attempt', api(l.token).post(`${me(quiz)}/quiz-attempts`, { answers }));

  await done(learners.ada, video, 12);
  await done(learners.ada, article, 4);
  await attempt(learners.ada, { q1: [0], q2: [1] });
  const approved = await upload(learners.ada, exercise, fileBytes('png', 3000), 3000, tally);

  await done(learners.ben, video, 30);
  await done(learners.ben, article, 6);
  await attempt(learners.ben, { q1: [0], q2: [0] });
  await upload(learners.ben, exercise, fileBytes('png', 2000), 2000, tally);

  await done(learners.cy, video, 18);
  await attempt(learners.cy, { q1: [1], q2: [0] });
  await attempt(learners.cy, { q1: [2], q2: [2] });
  await attempt(learners.cy, { q1: [3], q2: [3] });
  const rejected = await upload(learners.cy, exercise, fileBytes('png', 1000), 1000, tally);

  const session = await clientSession({ email: instructor.email, password: TEST_PASSWORD });
  try {
    const review = httpsCallable(session.functions, 'reviewSubmission');
    await review({ submission_id: approved, submission_status: 'approved', grade: 'pass' });
    await review({
      submission_id: rejected,
      submission_status: 'rejected',
      grade: 'fail',
      review_comments: 'Please label the axes.',
    });
  } finally {
    await session.close();
  }
  // The failed uploads: a PDF declared as a PNG (refused by its magic bytes) and an upload
  // opened and never sent, which expires.
  await upload(learners.cy, exercise, fileBytes('pdf', 500), 500, tally);
  await upload(learners.cy, exercise, null, 700, tally);

  return {
    owner: instructor,
    tree,
    video,
    article,
    quiz,
    exercise,
    learners,
    reviewed: { approved, rejected },
    expiredUploads: tally.expired,
  };
}
