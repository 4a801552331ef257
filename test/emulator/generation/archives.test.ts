import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { api } from '../../helpers/api';
import { createUser, type TestUser } from '../../helpers/auth';
import { submissionsBucket } from '../../helpers/services';
import { fixtureBytes, fixtureRoot, pollUntilDone, stageProgress } from './fixture';

/** A repository as a zip, uploaded straight to Cloud Storage through a signed URL. */
describe('archive sources', () => {
  let owner: TestUser;

  beforeAll(async () => {
    owner = await createUser('instructor', 'gen-zip');
  });

  function repositoryZip(): Uint8Array {
    // Wrapped in one folder, as GitHub's "Download ZIP" does; binaries included.
    return zipSync(
      Object.fromEntries(
        fixtureBytes().map((f) => [`repo-main/${f.path}`, new Uint8Array(f.bytes)]),
      ),
    );
  }

  it('generates a course from a zip uploaded through a signed URL into the project’s prefix', async () => {
    const id = (await api(owner.token).post('/api/projects/', { title: 'From a zip' })).body
      .course_id;
    const zip = repositoryZip();
    const opened = await api(owner.token).post(`/api/projects/${id}/sources/archive`, {
      file_name: 'repo-main.zip',
      size_bytes: zip.length,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.object).toMatch(new RegExp(`^projects/${id}/archives/[0-9a-f-]{36}\\.zip$`));
    const put = await fetch(opened.body.upload.url, {
      method: 'PUT',
      headers: opened.body.upload.headers,
      body: zip,
    });
    expect(put.status).toBe(200);

    await api(owner.token).post(`/api/course-generation/${id}/start`);
    expect((await pollUntilDone(owner, id)).at(-1)?.status).toBe('SUCCESS');
    // The PNG arrived this time: it is skipped as what it is, not lost.
    expect((await stageProgress(owner, id, 'stage1')).result).toEqual({ documents: 7, skipped: 8 });

    // Deleting the project removes its objects too.
    expect((await api(owner.token).delete(`/api/projects/${id}`)).status).toBe(200);
    const [left] = await submissionsBucket().getFiles({ prefix: `projects/${id}/` });
    expect(left).toEqual([]);
  });

  it('ends in FAILURE with the reason when the archive is not a zip', async () => {
    const id = (await api(owner.token).post('/api/projects/', { title: 'Bad zip' })).body.course_id;
    const bytes = readFileSync(path.join(fixtureRoot, 'README.md'));
    const opened = await api(owner.token).post(`/api/projects/${id}/sources/archive`, {
      file_name: 'broken.zip',
      size_bytes: bytes.length,
    });
    await fetch(opened.body.upload.url, {
      method: 'PUT',
      headers: opened.body.upload.headers,
      body: bytes,
    });
    await api(owner.token).post(`/api/course-generation/${id}/start`);
    const last = (await pollUntilDone(owner, id)).at(-1)!;
    expect(last.status).toBe('FAILURE');
    expect(last.current_stage).toBe('stage1');
    expect(last.error_message).toMatch(/^The archive is not a readable zip file: /);
  });

  it('refuses an upload that is not a zip by name, with the field path', async () => {
    const id = (await api(owner.token).post('/api/projects/', { title: 'Name' })).body.course_id;
    const res = await api(owner.token).post(`/api/projects/${id}/sources/archive`, {
      file_name: 'repo.tar.gz',
      size_bytes: 1000,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'file_name', message: 'Upload a .zip archive' },
    ]);
  });

  it('lists the uploaded archives and removes one, for the owner only', async () => {
    const id = (await api(owner.token).post('/api/projects/', { title: 'Two zips' })).body
      .course_id;
    const zips = [repositoryZip(), zipSync({ 'notes.md': new TextEncoder().encode('# Notes\n') })];
    const ids: string[] = [];
    for (const [i, zip] of zips.entries()) {
      const opened = await api(owner.token).post(`/api/projects/${id}/sources/archive`, {
        file_name: `part-${i}.zip`,
        size_bytes: zip.length,
      });
      await fetch(opened.body.upload.url, {
        method: 'PUT',
        headers: opened.body.upload.headers,
        body: zips[i],
      });
      ids.push(opened.body.object.split('/').pop().replace('.zip', ''));
    }
    const listed = await api(owner.token).get(`/api/v1/projects/${id}/sources/archives`);
    expect(listed.status).toBe(200);
    expect(listed.body.archives.map((a: { archive_id: string }) => a.archive_id).sort()).toEqual(
      [...ids].sort(),
    );
    expect(listed.body.total_bytes).toBe(zips[0]!.length + zips[1]!.length);
    for (const a of listed.body.archives) expect(Date.parse(a.uploaded_at)).not.toBeNaN();

    const stranger = await createUser('instructor', 'gen-zip-stranger');
    expect((await api(stranger.token).get(`/api/projects/${id}/sources/archives`)).status).toBe(
      404,
    );
    expect(
      (await api(stranger.token).delete(`/api/projects/${id}/sources/archives/${ids[0]}`)).status,
    ).toBe(404);

    const removed = await api(owner.token).delete(`/api/projects/${id}/sources/archives/${ids[0]}`);
    expect(removed.status).toBe(200);
    expect(removed.body.archives.map((a: { archive_id: string }) => a.archive_id)).toEqual([
      ids[1],
    ]);
    const [left] = await submissionsBucket().getFiles({ prefix: `projects/${id}/archives/` });
    expect(left.map((f) => f.name)).toEqual([`projects/${id}/archives/${ids[1]}.zip`]);
    const again = await api(owner.token).delete(`/api/projects/${id}/sources/archives/${ids[0]}`);
    expect(again.status).toBe(404);
    const malformed = await api(owner.token).delete(`/api/projects/${id}/sources/archives/x`);
    expect(malformed.status).toBe(400);
  });

  it('removes a source sent as JSON by its path', async () => {
    const id = (await api(owner.token).post('/api/projects/', { title: 'JSON sources' })).body
      .course_id;
    await api(owner.token).post(`/api/projects/${id}/sources`, {
      files: [
        { path: 'docs/a.md', content: '# A\n' },
        { path: 'docs/b.md', content: '# B\n' },
      ],
    });
    const res = await api(owner.token).delete(`/api/projects/${id}/sources?path=docs%2Fa.md`);
    expect(res.status).toBe(200);
    expect(res.body.sources.map((s: { path: string }) => s.path)).toEqual(['docs/b.md']);
    expect(
      (await api(owner.token).delete(`/api/projects/${id}/sources?path=docs%2Fa.md`)).status,
    ).toBe(404);
    expect((await api(owner.token).delete(`/api/projects/${id}/sources`)).status).toBe(400);
  });
});
