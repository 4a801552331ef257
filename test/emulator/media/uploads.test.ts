import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { deliverEvent, finalizedEvent } from '../../helpers/events';
import { submissionsBucket } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import { mediaDoc, openMedia, realFile, sendBytes, settledMedia, uploadReal } from './fixture';

/** Seed 003's `/upload/*`: real files through their signed URLs, checked at finalize. */
let instructor: TestUser;
let learner: TestUser;
beforeAll(async () => {
  [instructor, learner] = await Promise.all([createUser('instructor'), createUser('learner')]);
});

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('each endpoint takes a real file of its kind through its signed URL', () => {
  it.each([
    ['video', 'clip.mp4', 'video/mp4'],
    ['video', 'clip.mov', 'video/quicktime'],
    ['video', 'clip.mkv', 'video/x-matroska'],
    ['video', 'clip.webm', 'video/webm'],
    ['video', 'clip.avi', 'video/x-msvideo'],
    ['image', 'pic.jpg', 'image/jpeg'],
    ['image', 'pic.png', 'image/png'],
    ['image', 'pic.gif', 'image/gif'],
    ['image', 'pic.webp', 'image/webp'],
    ['document', 'handout.pdf', 'application/pdf'],
    ['document', 'note.doc', 'application/msword'],
    ['document', 'note.docx', DOCX],
    ['document', 'bundle.zip', 'application/zip'],
    ['document', 'slides.ppt', 'application/vnd.ms-powerpoint'],
    ['document', 'slides.pptx', PPTX],
  ])('%s: %s is ready as %s', async (kind, name, type) => {
    const { id, doc, opened } = await uploadReal(instructor.token, kind, name);
    expect(opened).toMatchObject({ kind, status: 'awaiting_upload', content_type: type });
    expect(opened.upload.resumable).toBe(kind === 'video');
    expect(doc).toMatchObject({ status: 'ready', detected_type: type, owner_uid: instructor.uid });
    const folder = `${kind}s/`;
    expect(doc.object_path).toMatch(new RegExp(`^${folder}${id}\\.[a-z0-9]+$`));
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(true);
  });

  it('serves the seed’s own /upload/… paths, and lets a learner upload an image (an avatar)', async () => {
    const { doc, opened } = await uploadReal(learner.token, 'image', 'pic.png', {
      as: 'avatar.png',
      seed: true,
    });
    expect(opened.file_name).toBe('avatar.png');
    expect(doc.status).toBe('ready');
  });
});

describe('finalize refuses what the signature cannot', () => {
  it.each([
    ['image', 'pic.png', 'photo.jpg', 'image/png'],
    ['video', 'clip.mp4', 'lecture.mov', 'video/mp4'],
    ['document', 'note.docx', 'deck.pptx', DOCX],
    ['document', 'note.doc', 'deck.ppt', 'application/msword'],
  ])('a %s %s renamed %s is rejected as %s and quarantined', async (kind, name, as, detected) => {
    const { doc } = await uploadReal(instructor.token, kind, name, { as });
    expect(doc).toMatchObject({ status: 'rejected', detected_type: detected });
    expect(doc.rejection_reason).toContain(`not `);
    await waitFor(
      async () => (await submissionsBucket().file(`quarantine/${doc.object_path}`).exists())[0],
      (found) => found,
    );
    expect((await submissionsBucket().file(doc.object_path).exists())[0]).toBe(false);
  });

  it('records a duplicate finalize delivery once', async () => {
    const { id, doc } = await uploadReal(instructor.token, 'image', 'pic.gif');
    const [metadata] = await submissionsBucket().file(doc.object_path).getMetadata();
    for (let i = 0; i < 2; i += 1) {
      const event = finalizedEvent({ ...metadata, bucket: doc.bucket, name: doc.object_path });
      expect((await deliverEvent('onSubmissionUploaded', event)).status).toBe(204);
    }
    expect(await mediaDoc(id)).toEqual(doc);
  });
});

describe('limits and roles', () => {
  it('refuses a file over its kind’s limit with 413 and the field path', async () => {
    const image = await openMedia(instructor.token, 'image', {
      file_name: 'big.png',
      size_bytes: 5 * 1024 * 1024 + 1,
    });
    expect(image.status).toBe(413);
    expect(image.body.error.details).toEqual([
      { path: 'size_bytes', message: `A image is at most ${5 * 1024 * 1024} bytes` },
    ]);
    const video = await openMedia(instructor.token, 'video', {
      file_name: 'long.mp4',
      size_bytes: 500 * 1024 * 1024 + 1,
    });
    expect(video.status).toBe(413);
  });

  it('binds the exact length: more bytes than declared never reach the bucket', async () => {
    const bytes = await realFile('pic.png');
    const opened = await openMedia(instructor.token, 'image', {
      file_name: 'p.png',
      size_bytes: bytes.length - 10,
    });
    expect(await sendBytes(opened.body.upload, bytes)).toBe(400);
    expect((await mediaDoc(opened.body.media_id)).status).toBe('awaiting_upload');
  });

  it('refuses an extension of another kind and an unknown field with 400 and paths', async () => {
    const wrong = await openMedia(instructor.token, 'document', {
      file_name: 'clip.mp4',
      size_bytes: 10,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('file_name');
    const extra = await openMedia(instructor.token, 'image', {
      file_name: 'a.png',
      size_bytes: 10,
      acl: 'public-read',
    });
    expect(extra.status).toBe(400);
  });

  it('lets no learner upload a video or a document, alone or in a batch', async () => {
    for (const [kind, name] of [
      ['video', 'a.mp4'],
      ['document', 'a.pdf'],
    ]) {
      const refused = await openMedia(learner.token, kind as string, {
        file_name: name,
        size_bytes: 10,
      });
      expect(refused.status).toBe(403);
    }
    const batch = await api(learner.token).post('/upload/batch', {
      files: [
        { kind: 'image', file_name: 'a.png', size_bytes: 10 },
        { kind: 'video', file_name: 'a.webm', size_bytes: 10 },
      ],
    });
    expect(batch.status).toBe(403);
    expect(batch.body.error.message).toMatch(/video needs the instructor role/);
  });
});

describe('batches', () => {
  it('opens ten mixed files with one signed URL each, and every one arrives checked', async () => {
    const names = [
      ['image', 'pic.jpg'],
      ['image', 'pic.png'],
      ['image', 'pic.gif'],
      ['image', 'pic.webp'],
      ['video', 'clip.webm'],
      ['video', 'clip.mp4'],
      ['document', 'handout.pdf'],
      ['document', 'note.docx'],
      ['document', 'bundle.zip'],
      ['document', 'slides.pptx'],
    ] as const;
    const files = await Promise.all(names.map(([, name]) => realFile(name)));
    const uploader = await createUser('instructor', 'batch');
    const opened = await api(uploader.token).post('/api/v1/upload/batch', {
      files: names.map(([kind, name], i) => ({
        kind,
        file_name: name,
        size_bytes: (files[i] as Buffer).length,
        resumable: false,
      })),
    });
    expect(opened.status).toBe(201);
    expect(opened.body.files).toHaveLength(10);
    expect(new Set(opened.body.files.map((f: any) => f.upload.url)).size).toBe(10);
    const statuses = await Promise.all(
      opened.body.files.map((f: any, i: number) => sendBytes(f.upload, files[i] as Buffer)),
    );
    expect(statuses).toEqual(Array(10).fill(200));
    const docs = await Promise.all(opened.body.files.map((f: any) => settledMedia(f.media_id)));
    expect(docs.map((d) => d.status)).toEqual(Array(10).fill('ready'));
  });

  it('refuses eleven files, and names every bad file of a batch by its index', async () => {
    const eleven = await api(instructor.token).post('/api/v1/upload/batch', {
      files: Array.from({ length: 11 }, (_, i) => ({
        kind: 'image',
        file_name: `p${i}.png`,
        size_bytes: 10,
      })),
    });
    expect(eleven.status).toBe(400);
    expect(eleven.body.error.details[0].path).toBe('files');
    const bad = await api(instructor.token).post('/api/v1/upload/batch', {
      files: [
        { kind: 'image', file_name: 'ok.png', size_bytes: 10 },
        { kind: 'image', file_name: 'notes.pdf', size_bytes: 10 },
        { kind: 'document', file_name: 'deck.key', size_bytes: 10 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path)).toEqual([
      'files[1].file_name',
      'files[2].file_name',
    ]);
  });
});

describe('the media quota', () => {
  it('takes thirty uploads an hour, three batches of ten, and answers the next with 429 and Retry-After', async () => {
    const uploader = await createUser('instructor', 'quota');
    const batch = (n: number) =>
      api(uploader.token).post('/api/v1/upload/batch', {
        files: Array.from({ length: n }, (_, i) => ({
          kind: 'image',
          file_name: `p${i}.png`,
          size_bytes: 100,
        })),
      });
    for (let i = 0; i < 3; i += 1) expect((await batch(10)).status).toBe(201);
    const refused = await batch(1);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toBe('At most 30 uploads per hour');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
  });
});
