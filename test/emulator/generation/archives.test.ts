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
});
