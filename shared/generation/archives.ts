import { randomUUID } from 'node:crypto';
import type { Bucket, File } from '@google-cloud/storage';
import type { z } from 'zod';
import type { Caller } from '../auth';
import { failedPrecondition, notFound } from '../errors';
import type { UploadSigner } from '../submissions/signed-urls';
import type { RequestContext, ResponseOf } from '../use-case';
import { readZip, type SourceFile } from './archive';
import { ownedProject, type ProjectObjects } from './projects';
import type { GenerationRepository } from './repository';
import type { ArchivesSchema, ArchiveUploadSchema, OpenArchiveUploadSchema } from './schemas';

type Params = { course_id: string };
type NoInput = Record<string, never>;

/** Where a project's objects live in the uploads bucket; archives below `archives/`. */
export function projectPrefix(courseId: string): string {
  return `projects/${courseId}/`;
}
const archivePrefix = (courseId: string) => `${projectPrefix(courseId)}archives/`;

/**
 * The caller's project (404 unless theirs), whose sources may change now: they are frozen while
 * a generation reads them and once the course is published.
 */
export async function assertSourcesEditable(
  repo: GenerationRepository,
  caller: Caller,
  courseId: string,
): Promise<void> {
  const project = await ownedProject(repo, caller, courseId);
  if (project.status === 'generating' || project.status === 'published')
    throw failedPrecondition(`Sources cannot change while the course is ${project.status}`);
}

/** Archives in upload order, by name where two share a time. */
function byUpload(files: File[]): File[] {
  return [...files].sort(
    (a, b) =>
      String(a.metadata.timeCreated).localeCompare(String(b.metadata.timeCreated)) ||
      a.name.localeCompare(b.name),
  );
}

/** Signed upload URLs live this long; a resumable session may then run for as long as it needs. */
const UPLOAD_URL_SECONDS = 15 * 60;
/** Above this, the client gets a resumable session instead of one PUT. */
const RESUMABLE_FROM_BYTES = 32 * 1024 * 1024;

/**
 * Larger material (a zip of a repository or of a folder of documents) goes straight from the
 * client to Cloud Storage through a signed URL into the project's own prefix, with the upload
 * machinery of submissions; the inventory stage reads it from there.
 */
export class ProjectArchives implements ProjectObjects {
  constructor(
    private readonly repo: GenerationRepository,
    private readonly bucket: Bucket,
    private readonly signer: UploadSigner,
  ) {}

  async open(
    caller: Caller,
    params: Params,
    input: z.output<typeof OpenArchiveUploadSchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ArchiveUploadSchema>> {
    await assertSourcesEditable(this.repo, caller, params.course_id);
    const object = `${archivePrefix(params.course_id)}${randomUUID()}.zip`;
    const expires = new Date(Date.now() + UPLOAD_URL_SECONDS * 1000);
    const resumable = input.size_bytes >= RESUMABLE_FROM_BYTES;
    const upload = await this.signer.upload(
      object,
      'application/zip',
      input.size_bytes,
      expires,
      resumable,
    );
    return { course_id: params.course_id, object, upload };
  }

  /** The archives uploaded so far, oldest first (the inventory lets later ones win a path). */
  async list(
    caller: Caller,
    params: Params,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof ArchivesSchema>> {
    await ownedProject(this.repo, caller, params.course_id);
    const [files] = await this.bucket.getFiles({ prefix: archivePrefix(params.course_id) });
    const archives = byUpload(files).map((f) => ({
      archive_id: f.name.slice(archivePrefix(params.course_id).length).replace(/\.zip$/, ''),
      object: f.name,
      bytes: Number(f.metadata.size ?? 0),
      uploaded_at: new Date(String(f.metadata.timeCreated)).toISOString(),
    }));
    return {
      course_id: params.course_id,
      archives,
      total_bytes: archives.reduce((n, a) => n + a.bytes, 0),
    };
  }

  /** Removes one archive; its files leave the course at the next generation. */
  async remove(
    caller: Caller,
    params: Params & { archive_id: string },
    input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof ArchivesSchema>> {
    await assertSourcesEditable(this.repo, caller, params.course_id);
    const file = this.bucket.file(`${archivePrefix(params.course_id)}${params.archive_id}.zip`);
    const [exists] = await file.exists();
    if (!exists) throw notFound(`Archive ${params.archive_id}`);
    await file.delete({ ignoreNotFound: true });
    return this.list(caller, params, input, ctx);
  }

  async names(courseId: string): Promise<string[]> {
    const [files] = await this.bucket.getFiles({ prefix: archivePrefix(courseId) });
    return files.map((f) => f.name).sort();
  }

  /** Every uploaded archive's files, the archive uploaded last winning a path both hold. */
  async files(courseId: string): Promise<SourceFile[]> {
    const [files] = await this.bucket.getFiles({ prefix: archivePrefix(courseId) });
    const ordered = byUpload(files);
    const byPath = new Map<string, SourceFile>();
    for (const file of ordered) {
      const [bytes] = await file.download();
      for (const entry of readZip(new Uint8Array(bytes))) byPath.set(entry.path, entry);
    }
    return [...byPath.values()];
  }

  async deleteAll(courseId: string): Promise<void> {
    await this.bucket.deleteFiles({ prefix: projectPrefix(courseId), force: true });
  }
}

/** A project's sources for the inventory: its archives' files, then the JSON files over them. */
export class ProjectSources {
  constructor(
    private readonly repo: GenerationRepository,
    private readonly archives: ProjectArchives,
  ) {}

  async load(courseId: string): Promise<SourceFile[]> {
    const byPath = new Map((await this.archives.files(courseId)).map((f) => [f.path, f]));
    for (const doc of await this.repo.sourceDocs(courseId))
      byPath.set(doc.path, {
        path: doc.path,
        bytes: new Uint8Array(Buffer.from(doc.data, 'base64')),
      });
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async any(courseId: string): Promise<boolean> {
    return (
      (await this.repo.sourceDocs(courseId)).length > 0 ||
      (await this.archives.names(courseId)).length > 0
    );
  }
}
