import { Timestamp } from 'firebase-admin/firestore';
import { SubmissionParams } from '../../../shared/schemas/params';
import { idempotentSubmissionId, replayDecision } from '../../../shared/submissions/idempotency';
import type { SubmissionDoc } from '../../../shared/submissions/model';
import { OpenUploadHeadersSchema } from '../../../shared/submissions/schemas';

describe('the submission id an Idempotency-Key stands for', () => {
  it('is the same for the same person, resource and key, and a valid submission id', () => {
    const id = idempotentSubmissionId('uid-1', 'essay', 'key-1');
    expect(idempotentSubmissionId('uid-1', 'essay', 'key-1')).toBe(id);
    expect(SubmissionParams.safeParse({ submission_id: id }).success).toBe(true);
  });

  it('differs when any of the three differs, including a shifted boundary between them', () => {
    const ids = [
      idempotentSubmissionId('uid-1', 'essay', 'key-1'),
      idempotentSubmissionId('uid-2', 'essay', 'key-1'),
      idempotentSubmissionId('uid-1', 'essay-2', 'key-1'),
      idempotentSubmissionId('uid-1', 'essay', 'key-2'),
      idempotentSubmissionId('uid-1', 'essaykey-1', ''),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the Idempotency-Key header', () => {
  const parse = (key: unknown) =>
    OpenUploadHeadersSchema.safeParse({ 'idempotency-key': key, host: 'x' });

  it('is optional, and other headers are ignored', () => {
    expect(OpenUploadHeadersSchema.parse({ host: 'x' })).toEqual({});
  });

  it.each(['a', 'A'.repeat(128), '550e8400-e29b-41d4-a716-446655440000', 'with space ~!'])(
    'takes %s',
    (key) => expect(parse(key).success).toBe(true),
  );

  it.each(['', 'A'.repeat(129), 'tab\there', 'é', 'nul\u0000'])('refuses %j', (key) => {
    const parsed = parse(key);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['idempotency-key']);
  });
});

describe('what a repeated open with a key answers', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const body = {
    file_name: 'essay.pdf',
    content_type: 'application/pdf',
    size_bytes: 1000,
    resumable: false,
  };
  const request = { uid: 'uid-1', resourceId: 'essay', body };
  const stored = (fields: Partial<SubmissionDoc> = {}) =>
    ({
      user_id: 'uid-1',
      resource_id: 'essay',
      file_name: 'essay.pdf',
      content_type: 'application/pdf',
      size_bytes: 1000,
      resumable: false,
      notes: null,
      status: 'awaiting_upload',
      expires_at: Timestamp.fromDate(new Date(now.getTime() + 60_000)),
      ...fields,
    }) as SubmissionDoc;

  it('replays the same request while the upload waits, absent notes matching null', () => {
    expect(replayDecision(stored(), request, now)).toEqual({ kind: 'replay' });
    expect(
      replayDecision(stored({ notes: 'n' }), { ...request, body: { ...body, notes: 'n' } }, now),
    ).toEqual({ kind: 'replay' });
  });

  it.each([
    ['file_name', { file_name: 'other.pdf' }],
    ['content_type', { content_type: 'image/png' }],
    ['size_bytes', { size_bytes: 1001 }],
    ['resumable', { resumable: true }],
    ['notes', { notes: 'changed my mind' }],
  ])('names %s when it differs', (field, change) => {
    expect(replayDecision(stored(), { ...request, body: { ...body, ...change } }, now)).toEqual({
      kind: 'different_request',
      fields: [field],
    });
  });

  it('never replays another person’s or resource’s submission', () => {
    expect(replayDecision(stored({ user_id: 'uid-2' }), request, now).kind).toBe(
      'different_request',
    );
    expect(replayDecision(stored({ resource_id: 'other' }), request, now).kind).toBe(
      'different_request',
    );
  });

  it('says an upload that arrived or expired is settled, with its status', () => {
    expect(replayDecision(stored({ status: 'uploaded' }), request, now)).toEqual({
      kind: 'settled',
      status: 'uploaded',
    });
    expect(replayDecision(stored({ status: 'expired' }), request, now)).toEqual({
      kind: 'settled',
      status: 'expired',
    });
  });

  it('says a waiting upload whose URL has run out has lapsed', () => {
    expect(replayDecision(stored({ expires_at: Timestamp.fromDate(now) }), request, now)).toEqual({
      kind: 'lapsed',
    });
  });
});
