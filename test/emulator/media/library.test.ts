import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree } from '../../helpers/catalog';
import { submissionsBucket } from '../../helpers/services';
import { uploadReal } from './fixture';

/** The media library: listing, attaching to a resource, reading through signed URLs, deleting. */
let instructor: TestUser;
let other: TestUser;
let admin: TestUser;
let learner: TestUser;
let tree: Tree;
let lesson: string;
beforeAll(async () => {
  [instructor, other, admin, learner] = await Promise.all([
    createUser('instructor'),
    createUser('instructor', 'other'),
    createUser('admin'),
    createUser('learner'),
  ]);
  tree = await buildPathway(instructor.token, [{ resources: [{ type: 'video' }] }], {
    publish: true,
  });
  lesson = tree.modules[0]?.resources[0] as string;
});

const fileOf = (view: { kind: string; filename: string }) => `${view.kind}/${view.filename}`;

describe('the library', () => {
  it('lists the owner’s media newest first, page by page, with status; admins see everyone’s', async () => {
    const owner = await createUser('instructor', 'lister');
    const first = await uploadReal(owner.token, 'image', 'pic.png');
    const second = await uploadReal(owner.token, 'document', 'note.docx');
    const rejected = await uploadReal(owner.token, 'image', 'pic.png', { as: 'fake.gif' });
    await uploadReal(other.token, 'image', 'pic.jpg');

    const page1 = await api(owner.token).get('/api/v1/media?limit=2');
    expect(page1.status).toBe(200);
    expect(page1.body.media.map((m: any) => m.media_id)).toEqual([rejected.id, second.id]);
    expect(page1.body.media[0]).toMatchObject({ status: 'rejected', kind: 'image' });
    expect(page1.body.media[0].rejection_reason).toMatch(/image\/png.*not image\/gif/);
    const page2 = await api(owner.token).get(
      `/api/v1/media?limit=2&page_token=${page1.body.next_page_token}`,
    );
    expect(page2.body).toMatchObject({
      media: [{ media_id: first.id, status: 'ready', file_name: 'pic.png' }],
      next_page_token: null,
    });
    const ready = await api(owner.token).get('/api/v1/media?status=ready&kind=document');
    expect(ready.body.media.map((m: any) => m.media_id)).toEqual([second.id]);

    const all = await api(admin.token).get('/api/v1/media?limit=100');
    const owners = new Set(all.body.media.map((m: any) => m.owner_uid));
    expect(owners.has(owner.uid) && owners.has(other.uid)).toBe(true);
    expect((await api(other.token).get(`/api/v1/media/${first.id}`)).status).toBe(404);
    expect((await api(owner.token).get('/api/v1/media?page_token=nonsense')).status).toBe(400);
  });
});

describe('media on a resource', () => {
  it('attaches to a resource’s url, learners read it through a signed URL, and it cannot be deleted while in use', async () => {
    const video = await uploadReal(instructor.token, 'video', 'clip.webm');
    const attached = await api(instructor.token).patch(`/api/v1/resources/${lesson}`, {
      media_id: video.id,
    });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({ media_id: video.id, url: video.opened.url });
    expect(attached.body.url).toMatch(new RegExp(`/api/v1/media/${video.id}/download$`));

    const seen = await api(learner.token).get(`/api/v1/resources/${lesson}`);
    expect(seen.body.url).toBe(attached.body.url);
    const path = new URL(seen.body.url).pathname;
    const read = await api(learner.token).get(path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ media_id: video.id, content_type: 'video/webm' });
    const bytes = await fetch(read.body.signed_url);
    expect(bytes.status).toBe(200);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(video.bytes)).toBe(true);

    // A learner cannot delete it, another instructor does not see it, its owner meets the 409.
    expect((await api(learner.token).delete(`/api/v1/upload/${fileOf(video.opened)}`)).status).toBe(
      403,
    );
    expect((await api(other.token).delete(`/upload/${fileOf(video.opened)}`)).status).toBe(404);
    const inUse = await api(instructor.token).delete(`/upload/${fileOf(video.opened)}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain(lesson);
    expect(inUse.body.error.details).toEqual([
      { path: `resources.${lesson}`, message: expect.stringContaining(tree.pathwayId) },
    ]);

    // Detached (a plain URL replaces it), it goes, bytes and all.
    const detached = await api(instructor.token).patch(`/api/v1/resources/${lesson}`, {
      url: 'https://example.org/lecture',
    });
    expect(detached.body.media_id).toBeUndefined();
    const gone = await api(instructor.token).delete(`/api/v1/upload/${fileOf(video.opened)}`);
    expect(gone.status).toBe(200);
    expect(gone.body).toEqual({
      media_id: video.id,
      filename: video.opened.filename,
      deleted: true,
    });
    expect((await submissionsBucket().file(video.doc.object_path).exists())[0]).toBe(false);
    expect((await api(instructor.token).get(`/api/v1/media/${video.id}`)).status).toBe(404);
  });

  it('attaches only the caller’s own ready media', async () => {
    const others = await uploadReal(other.token, 'document', 'handout.pdf');
    const refused = await api(instructor.token).patch(`/api/v1/resources/${lesson}`, {
      media_id: others.id,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      { path: 'media_id', message: 'No such media item of yours' },
    ]);
    const both = await api(instructor.token).patch(`/api/v1/resources/${lesson}`, {
      media_id: others.id,
      url: 'https://example.org/x',
    });
    expect(both.status).toBe(400);
    expect(both.body.error.details[0].path).toBe('media_id');
    // Nobody but its owner, admins and readers of a resource using it may read it.
    expect((await api(learner.token).get(`/api/v1/media/${others.id}/download`)).status).toBe(404);
    expect((await api(admin.token).get(`/api/v1/media/${others.id}/download`)).status).toBe(200);
  });

  it('lets a learner delete their own image but nobody else’s', async () => {
    const avatar = await uploadReal(learner.token, 'image', 'pic.webp', { seed: true });
    const stranger = await createUser('learner', 'stranger');
    expect((await api(stranger.token).delete(`/upload/${fileOf(avatar.opened)}`)).status).toBe(404);
    expect(
      (await api(learner.token).delete(`/upload/images/${avatar.opened.filename}`)).status,
    ).toBe(200);
  });
});
