/**
 * A learner and an instructor, each in their own Chromium context on a page served from an
 * origin of its own, using Pathwise the way a web front end does: the stock Firebase JS SDK
 * against the emulators, `fetch` to the API, `XMLHttpRequest` to signed Cloud Storage URLs
 * (so every CORS preflight is real), realtime Firestore listeners and callables.
 */
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { api } from '../helpers/api';
import { createUser, TEST_PASSWORD, type TestUser } from '../helpers/auth';
import { BrowserSession, launchChromium } from '../helpers/browser';
import { buildPathway, type Tree } from '../helpers/catalog';
import { fileBytes } from '../helpers/files';
import { pageConfigFromEnv, pagePorts, servePage, type PageSite } from '../helpers/page-site';
import { UPLOADS_MODULE } from '../emulator/submissions/fixture';
import type { CallableAnswer, TransferAnswer } from './protocol';

let site: PageSite;
let browser: Browser;
let instructor: TestUser;
let tree: Tree;
let video: string;
let exercise: string;
let project: string;
let reviewer: BrowserSession;
const sessions: BrowserSession[] = [];

beforeAll(async () => {
  const config = pageConfigFromEnv();
  [site, instructor] = await Promise.all([servePage(config), createUser('instructor')]);
  browser = await launchChromium(pagePorts(site, config));
  tree = await buildPathway(instructor.token, [UPLOADS_MODULE], { publish: true });
  [video, exercise, project] = tree.modules[0]?.resources as [string, string, string];
  reviewer = await signedIn(instructor);
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await browser?.close();
  await site?.close();
});

async function signedIn(user: TestUser): Promise<BrowserSession> {
  const session = await BrowserSession.open(browser, site.origin, {
    email: user.email,
    password: TEST_PASSWORD,
  });
  sessions.push(session);
  return session;
}

const enrollmentPath = (uid: string) => `enrollments/${uid}_${tree.pathwayId}`;
const me = (resourceId: string) => `/api/v1/users/me/resources/${resourceId}`;
const md5Hex = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** The data of a callable that succeeded; fails the test with its error code otherwise. */
function succeeded(answer: CallableAnswer): any {
  if (!answer.ok) throw new Error(`callable failed: ${answer.code} ${answer.message}`);
  return answer.data;
}

function expectProgressOf(transfer: TransferAnswer, size: number): void {
  expect(transfer.uploadCompleted).toBe(true);
  expect(transfer.progress.length).toBeGreaterThan(0);
  expect(transfer.progress.every((p) => p.lengthComputable && p.total === size)).toBe(true);
  const loaded = transfer.progress.map((p) => p.loaded);
  expect([...loaded].sort((a, b) => a - b)).toEqual(loaded);
  expect(loaded[loaded.length - 1]).toBe(size);
}

describe('a web client, end to end', () => {
  it('enrols, watches its progress live, uploads with XHR, is reviewed through callables with a feedback file', async () => {
    const learnerUser = await createUser('learner');
    const learner = await signedIn(learnerUser);
    expect(learner.uid).toBe(learnerUser.uid);
    expect(reviewer.role).toBe('instructor');

    const enrolled = await learner.api('POST', `/api/v1/pathways/${tree.pathwayId}/enroll`);
    expect(enrolled.status).toBe(201);

    await learner.watch('mine', enrollmentPath(learner.uid));
    const first = await learner.until('mine', ['pathway_id'], tree.pathwayId);
    expect(first.resources[video]?.status ?? 'not_started').toBe('not_started');

    // Someone else's progress is refused by the Firestore rules, even to a realtime listener.
    const other = await createUser('learner', 'other');
    expect((await api(other.token).post(`/api/v1/pathways/${tree.pathwayId}/enroll`)).status).toBe(
      201,
    );
    await learner.watch('theirs', enrollmentPath(other.uid));
    expect(await learner.refusal('theirs')).toBe('permission-denied');

    const completed = await learner.api('POST', `${me(video)}/complete`);
    expect(completed.status).toBe(200);
    await learner.until('mine', ['resources', video, 'status'], 'completed');

    const bytes = fileBytes('png', 1536 * 1024);
    const opened = await learner.api('POST', `${me(exercise)}/upload`, {
      file_name: 'mood board.png',
      content_type: 'image/png',
      size_bytes: bytes.length,
    });
    expect(opened.status).toBe(201);
    const submissionId = opened.body.submission_id as string;
    const put = await learner.send(opened.body.upload, bytes);
    expect(put.status).toBe(200);
    expectProgressOf(put, bytes.length);
    // Readable across origins only because the bucket CORS policy exposes them.
    expect(put.headers.etag).toBe(`"${md5Hex(bytes)}"`);
    expect(put.headers['x-goog-generation']).toMatch(/^\d+$/);
    expect(put.headers['x-goog-hash']).toContain('md5=');

    const submitted = await learner.until('mine', ['resources', exercise, 'status'], 'submitted');
    expect(submitted.resources[exercise]).toMatchObject({
      submission_count: 1,
      latest_submission_id: submissionId,
    });

    const pending = succeeded(
      await reviewer.call('listPendingSubmissions', { pathway_id: tree.pathwayId }),
    );
    const queued = pending.submissions.find((s: { id: string }) => s.id === submissionId);
    expect(queued).toMatchObject({
      user_id: learner.uid,
      user_email: learnerUser.email,
      resource_id: exercise,
      file_name: 'mood board.png',
      submission_status: 'uploaded',
    });

    const refused = await learner.call('reviewSubmission', {
      submission_id: submissionId,
      submission_status: 'approved',
    });
    expect(refused).toMatchObject({ ok: false, code: 'functions/permission-denied' });

    const link = await reviewer.api('GET', `/api/v1/users/me/submissions/download/${submissionId}`);
    expect(link.status).toBe(200);
    const downloaded = await reviewer.download(link.body.signed_url);
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers['content-disposition']).toContain('mood_board.png');
    expect(Buffer.from(downloaded.base64, 'base64').equals(bytes)).toBe(true);

    const feedback = Buffer.from('# Review\n\nClear direction, well annotated.\n');
    const review = succeeded(
      await reviewer.call('reviewSubmission', {
        submission_id: submissionId,
        submission_status: 'approved',
        review_comments: 'Clear direction, well annotated.',
        feedback_file: {
          file_name: 'review.md',
          content_type: 'text/markdown',
          size_bytes: feedback.length,
        },
      }),
    );
    expect(review).toMatchObject({
      submission_status: 'approved',
      grade: 'pass',
      resource_status: 'completed',
    });
    const feedbackPut = await reviewer.send(review.feedback_upload, feedback);
    expect(feedbackPut.status).toBe(200);
    expectProgressOf(feedbackPut, feedback.length);
    const approved = await learner.until('mine', ['resources', exercise, 'status'], 'completed');
    expect(approved.resources[exercise].completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(approved.pathway).toMatchObject({ required_done: 2, required_total: 3 });

    const feedbackLink = await learner.api(
      'GET',
      `/api/v1/users/me/submissions/download/${submissionId}?file=feedback`,
    );
    expect(feedbackLink.status).toBe(200);
    const feedbackDownload = await learner.download(feedbackLink.body.signed_url);
    expect(Buffer.from(feedbackDownload.base64, 'base64').equals(feedback)).toBe(true);
  });

  it('uploads a large file resumably: signed start, Location, then chunked session PUTs', async () => {
    const learner = await signedIn(await createUser('learner', 'resumable'));
    expect((await learner.api('POST', `/api/v1/pathways/${tree.pathwayId}/enroll`)).status).toBe(
      201,
    );
    await learner.watch('mine', enrollmentPath(learner.uid));

    const size = 640 * 1024;
    const bytes = fileBytes('pdf', size);
    const opened = await learner.api('POST', `${me(project)}/upload`, {
      file_name: 'report.pdf',
      content_type: 'application/pdf',
      size_bytes: size,
      resumable: true,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.upload).toMatchObject({ method: 'POST', resumable: true });

    const start = await learner.send(opened.body.upload);
    expect(start.status).toBe(201);
    const session = start.headers.location as string;
    expect(new URL(session).searchParams.get('upload_id')).toBeTruthy();

    // Every chunk but the last is a multiple of 256 KiB, as GCS requires.
    const chunk = 256 * 1024;
    let offset = 0;
    let last: TransferAnswer | undefined;
    while (offset < size) {
      const end = Math.min(offset + 2 * chunk, size);
      last = await learner.send(
        {
          method: 'PUT',
          url: session,
          headers: { 'Content-Range': `bytes ${offset}-${end - 1}/${size}` },
        },
        bytes.subarray(offset, end),
      );
      expectProgressOf(last, end - offset);
      if (end < size) {
        expect(last.status).toBe(308);
        expect(last.headers.range).toBe(`bytes=0-${end - 1}`);
      }
      offset = end;
    }
    expect(last?.status).toBe(200);
    expect(last?.headers.etag).toBe(`"${md5Hex(bytes)}"`);

    await learner.until('mine', ['resources', project, 'status'], 'submitted');
    const link = await learner.api(
      'GET',
      `/api/v1/users/me/submissions/download/${opened.body.submission_id}`,
    );
    const downloaded = await learner.download(link.body.signed_url);
    expect(Buffer.from(downloaded.base64, 'base64').equals(bytes)).toBe(true);
  });
});
