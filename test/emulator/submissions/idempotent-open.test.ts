import { randomUUID } from 'node:crypto';
import { call } from '../../helpers/api';
import type { TestUser } from '../../helpers/auth';
import { fileBytes } from '../../helpers/files';
import { reservedIds } from '../../helpers/quotas';
import { db } from '../../helpers/services';
import { enrolledLearner, put, r, settled, useSubmissionsFixture } from './fixture';

/** Opening an upload with an Idempotency-Key: a retried open answers the first one's upload. */
const fx = useSubmissionsFixture();

const png = { file_name: 'board.png', content_type: 'image/png', size_bytes: 2048 };

function open(learner: TestUser, body: object, key?: string) {
  return call('POST', `${r(fx.exercise)}/upload`, {
    token: learner.token,
    body,
    headers: key === undefined ? {} : { 'Idempotency-Key': key },
  });
}

async function submissionsOf(uid: string): Promise<string[]> {
  const snap = await db().collection('submissions').where('user_id', '==', uid).get();
  return snap.docs.map((d) => d.id);
}

describe('opening an upload with an Idempotency-Key', () => {
  it('answers a retry with the same submission, reserves quota once, and its URL takes the file', async () => {
    const learner = await enrolledLearner(fx);
    const key = randomUUID();
    const first = await open(learner, png, key);
    const retry = await open(learner, png, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    const { upload: firstUpload, ...firstRest } = first.body;
    const { upload: retryUpload, ...retryRest } = retry.body;
    expect(retryRest).toEqual(firstRest);
    expect(retryUpload.expires_at).toBe(firstUpload.expires_at);
    expect(await submissionsOf(learner.uid)).toEqual([first.body.submission_id]);
    expect(await reservedIds(learner.uid, 'submissions')).toEqual([first.body.submission_id]);

    const stored = await put(retryUpload, fileBytes('png', 2048));
    expect(stored.status).toBe(200);
    expect(await settled(first.body.submission_id)).toMatchObject({ status: 'uploaded' });
    // Once the file is in, the key's upload is settled: a late retry says so.
    const late = await open(learner, png, key);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('uploaded');
    expect(late.body.error.details).toEqual([
      expect.objectContaining({ path: 'headers.idempotency-key' }),
    ]);
  });

  it('makes one submission of five concurrent opens with one key', async () => {
    const learner = await enrolledLearner(fx);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => open(learner, png, key)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(answers.map((a) => a.body.submission_id as string));
    expect(ids.size).toBe(1);
    expect(await submissionsOf(learner.uid)).toEqual([...ids]);
    expect(await reservedIds(learner.uid, 'submissions')).toEqual([...ids]);
    expect(new Set(answers.map((a) => a.body.upload.expires_at)).size).toBe(1);
  });

  it('refuses the same key for a different file, naming the key', async () => {
    const learner = await enrolledLearner(fx);
    const key = randomUUID();
    expect((await open(learner, png, key)).status).toBe(201);
    const other = await open(learner, { ...png, size_bytes: 4096 }, key);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain('size_bytes');
    expect(other.body.error.details).toEqual([
      expect.objectContaining({ path: 'headers.idempotency-key' }),
    ]);
    expect(await submissionsOf(learner.uid)).toHaveLength(1);
  });

  it('answers a malformed key 400 with its field path', async () => {
    const learner = await enrolledLearner(fx);
    const bad = await open(learner, png, 'k'.repeat(129));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_argument');
    expect(bad.body.error.details).toEqual([
      expect.objectContaining({ path: 'headers.idempotency-key' }),
    ]);
    expect(await submissionsOf(learner.uid)).toEqual([]);
  });

  it('still opens a new upload per request without a key', async () => {
    const learner = await enrolledLearner(fx);
    const first = await open(learner, png);
    const second = await open(learner, png);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.submission_id).not.toBe(first.body.submission_id);
    expect((await submissionsOf(learner.uid)).sort()).toEqual(
      [first.body.submission_id, second.body.submission_id].sort(),
    );
    expect(await reservedIds(learner.uid, 'submissions')).toHaveLength(2);
  });
});
