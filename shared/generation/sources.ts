import { createHash } from 'node:crypto';
import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { Caller } from '../auth';
import { invalidArgument, notFound, payloadTooLarge } from '../errors';
import { assertSourcesEditable } from './archives';
import type { RequestContext, ResponseOf } from '../use-case';
import { contentHash } from './hash';
import { normalisePath } from './inventory';
import type { SourceDoc } from './model';
import { ownedProject } from './projects';
import type { GenerationRepository } from './repository';
import {
  MAX_JSON_SOURCES_BYTES,
  type AddSourcesSchema,
  type SourcePathQuerySchema,
  type SourcesSchema,
} from './schemas';

type Params = { course_id: string };
type NoInput = Record<string, never>;

/** A source's document id: a hash of its path, so sending a path again replaces its file. */
const sourceKey = (path: string) => contentHash(path).slice(0, 40);

/**
 * Text and Markdown sources sent as JSON (a few MB in all). A path sent again replaces the file
 * it names; the inventory stage decides later what is course material.
 */
export class Sources {
  constructor(private readonly repo: GenerationRepository) {}

  async add(
    caller: Caller,
    params: Params,
    input: z.output<typeof AddSourcesSchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof SourcesSchema>> {
    await assertSourcesEditable(this.repo, caller, params.course_id);
    const now = Timestamp.now();
    const seen = new Set<string>();
    const docs = input.files.map((file, i) => {
      const path = normalisePath(file.path);
      if (path === null)
        throw invalidArgument('A source path leaves the project', [
          { path: `files.${i}.path`, message: 'Use a relative path without ..' },
        ]);
      if (seen.has(path))
        throw invalidArgument('A source path is sent twice', [
          { path: `files.${i}.path`, message: `${path} appears more than once` },
        ]);
      seen.add(path);
      const bytes = Buffer.from(file.content, 'utf8');
      const doc: SourceDoc = {
        path,
        data: bytes.toString('base64'),
        bytes: bytes.length,
        content_hash: createHash('sha256').update(bytes).digest('hex'),
        created_at: now,
      };
      return { key: sourceKey(path), doc };
    });
    const existing = await this.repo.sourceDocs(params.course_id);
    const replaced = new Set(docs.map((d) => d.doc.path));
    const total =
      existing.filter((s) => !replaced.has(s.path)).reduce((n, s) => n + s.bytes, 0) +
      docs.reduce((n, d) => n + d.doc.bytes, 0);
    if (total > MAX_JSON_SOURCES_BYTES)
      throw payloadTooLarge(
        `Sources sent as JSON may total ${MAX_JSON_SOURCES_BYTES} bytes; upload an archive instead`,
      );
    await this.repo.putSources(params.course_id, docs);
    return this.list(caller, params, {}, ctx);
  }

  /** Removes the JSON source at a path; its document leaves the course at the next generation. */
  async remove(
    caller: Caller,
    params: Params,
    input: z.output<typeof SourcePathQuerySchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof SourcesSchema>> {
    await assertSourcesEditable(this.repo, caller, params.course_id);
    const path = normalisePath(input.path);
    const removed =
      path !== null && (await this.repo.deleteSource(params.course_id, sourceKey(path)));
    if (!removed) throw notFound(`Source ${input.path}`);
    return this.list(caller, params, {}, ctx);
  }

  async list(
    caller: Caller,
    params: Params,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof SourcesSchema>> {
    await ownedProject(this.repo, caller, params.course_id);
    const sources = await this.repo.sourceDocs(params.course_id);
    return {
      course_id: params.course_id,
      sources: sources.map((s) => ({ path: s.path, bytes: s.bytes, content_hash: s.content_hash })),
      total_bytes: sources.reduce((n, s) => n + s.bytes, 0),
    };
  }
}
