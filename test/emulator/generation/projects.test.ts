import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';

/** Seed 002's project endpoints, at both the seed's paths and /api/v1. */
describe('course projects', () => {
  let owner: TestUser;
  let other: TestUser;
  let learner: TestUser;

  beforeAll(async () => {
    [owner, other, learner] = await Promise.all([
      createUser('instructor', 'proj-owner'),
      createUser('instructor', 'proj-other'),
      createUser('learner', 'proj-learner'),
    ]);
  });

  it('creates a draft project with seed 002’s fields at the seed’s own path', async () => {
    const res = await api(owner.token).post('/api/projects/', {
      title: 'My Course',
      description: 'Course description',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      course_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'My Course',
      description: 'Course description',
      status: 'draft',
      user_id: owner.uid,
      repo_url: null,
      repo_name: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updated_at: res.body.created_at,
      outline: null,
      pathway_id: null,
    });
  });

  it('lists the caller’s projects newest first, as a bare array, and nobody else’s', async () => {
    const first = await api(owner.token).post('/api/v1/projects', { title: 'Older' });
    const second = await api(owner.token).post('/api/v1/projects', { title: 'Newer' });
    await api(other.token).post('/api/v1/projects', { title: 'Not mine' });
    const list = await api(owner.token).get('/api/projects/');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body)).toBe(true);
    const ids = list.body.map((p: { course_id: string }) => p.course_id);
    expect(ids.indexOf(second.body.course_id)).toBeLessThan(ids.indexOf(first.body.course_id));
    expect(list.body.every((p: { user_id: string }) => p.user_id === owner.uid)).toBe(true);
  });

  it('answers 404 for another user’s project and 403 for a learner', async () => {
    const created = await api(owner.token).post('/api/v1/projects', { title: 'Private' });
    const id = created.body.course_id;
    expect((await api(other.token).get(`/api/projects/${id}`)).status).toBe(404);
    expect((await api(other.token).put(`/api/projects/${id}`, { title: 'x' })).status).toBe(404);
    expect((await api(other.token).delete(`/api/projects/${id}`)).status).toBe(404);
    expect((await api(learner.token).get('/api/projects')).status).toBe(403);
    expect((await api(learner.token).post('/api/projects', { title: 'x' })).status).toBe(403);
  });

  it('updates fields, and refuses a status the machine does not allow with a 409', async () => {
    const created = await api(owner.token).post('/api/v1/projects', { title: 'Before' });
    const id = created.body.course_id;
    const updated = await api(owner.token).put(`/api/projects/${id}`, {
      title: 'After',
      repo_url: 'https://example.com/team/repo',
      repo_name: 'team/repo',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: 'After', repo_name: 'team/repo', status: 'draft' });
    expect(updated.body.updated_at > created.body.updated_at).toBe(true);

    const generating = await api(owner.token).put(`/api/projects/${id}`, { status: 'generating' });
    expect(generating.status).toBe(409);
    expect(generating.body.error).toMatchObject({
      code: 'failed_precondition',
      details: [{ path: 'status', message: 'allowed transitions from draft: none' }],
    });
    const published = await api(owner.token).put(`/api/projects/${id}`, { status: 'published' });
    expect(published.status).toBe(409);
    expect((await api(owner.token).get(`/api/v1/projects/${id}`)).body.status).toBe('draft');
  });

  it('validates bodies with field paths', async () => {
    const res = await api(owner.token).post('/api/v1/projects', {
      title: '',
      outline: { modules: [{ title: 'M', documents: [] }] },
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'outline.modules.0.documents']));
  });

  it('keeps text sources, replacing a path sent again, and refuses paths that leave the project', async () => {
    const id = (await api(owner.token).post('/api/v1/projects', { title: 'Sources' })).body
      .course_id;
    await api(owner.token).post(`/api/projects/${id}/sources`, {
      files: [
        { path: 'README.md', content: '# One' },
        { path: 'docs\\a.md', content: '# A' },
      ],
    });
    const again = await api(owner.token).post(`/api/projects/${id}/sources`, {
      files: [{ path: 'README.md', content: '# Two!' }],
    });
    expect(again.status).toBe(200);
    expect(
      again.body.sources.map((s: { path: string; bytes: number }) => [s.path, s.bytes]),
    ).toEqual([
      ['README.md', 6],
      ['docs/a.md', 3],
    ]);
    const bad = await api(owner.token).post(`/api/projects/${id}/sources`, {
      files: [{ path: '../etc/passwd', content: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'files.0.path', message: 'Use a relative path without ..' },
    ]);
  });

  it('refuses to start a generation without sources', async () => {
    const id = (await api(owner.token).post('/api/v1/projects', { title: 'Empty' })).body.course_id;
    const res = await api(owner.token).post(`/api/course-generation/${id}/start`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('no sources');
  });

  it('deletes a project; afterwards it is a 404', async () => {
    const id = (await api(owner.token).post('/api/v1/projects', { title: 'Gone' })).body.course_id;
    const res = await api(owner.token).delete(`/api/projects/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Course deleted successfully' });
    expect((await api(owner.token).get(`/api/projects/${id}`)).status).toBe(404);
  });
});
