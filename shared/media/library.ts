import type { Bucket } from '@google-cloud/storage';
import { Timestamp } from 'firebase-admin/firestore';
import type { z } from 'zod';
import type { AuditLog } from '../audit';
import { hasRole, type Caller } from '../auth';
import { canView } from '../catalog/access';
import type { MediaLinks } from '../catalog/media-links';
import type { CatalogRepository } from '../catalog/repository';
import type { Config } from '../config';
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from '../errors';
import { cursorPage, decodeCursor } from '../http/pagination';
import type { NoInput } from '../schemas/params';
import type { UploadSigner } from '../submissions/signed-urls';
import type { RequestContext, ResponseOf } from '../use-case';
import { KIND_RULES, type MediaKind } from './kinds';
import type { MediaDoc } from './model';
import type { MediaRepository } from './repository';
import type {
  DeletedMediaSchema,
  MediaDownloadSchema,
  MediaListQuerySchema,
  MediaListSchema,
  MediaViewSchema,
} from './schemas';
import { MediaCursor } from './schemas';
import { mediaFilename, mediaUrl, mediaView } from './views';

type MediaParams = { media_id: string };

/**
 * The media library: an uploader's items (admins: everyone's), reading one through a signed URL,
 * attaching one to a resource, and deleting one that no resource uses.
 *
 * | caller                                   | lists   | reads   | attaches | deletes           |
 * | ---------------------------------------- | ------- | ------- | -------- | ----------------- |
 * | the uploader                             | own     | own     | own      | own (1)           |
 * | admin                                    | all     | all     | all      | all (1)           |
 * | anyone who sees a resource that uses it  | —       | yes     | —        | —                 |
 *
 * (1) Videos and documents need the instructor role (seed 003), and no resource may use the item.
 * Anyone else's item is a 404.
 */
export class MediaLibrary implements MediaLinks {
  constructor(
    private readonly config: Pick<Config, 'publicBaseUrl' | 'downloadUrlTtlSeconds'>,
    private readonly repo: MediaRepository,
    private readonly catalog: CatalogRepository,
    private readonly bucket: Bucket,
    private readonly signer: UploadSigner,
    private readonly audit: AuditLog,
  ) {}

  async list(
    caller: Caller,
    _params: NoInput,
    query: z.output<typeof MediaListQuerySchema>,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof MediaListSchema>> {
    const after = query.page_token ? decodeCursor(query.page_token, MediaCursor) : undefined;
    const rows = await this.repo.page(
      {
        ...(caller.role === 'admin' ? {} : { ownerUid: caller.uid }),
        ...(query.kind ? { kind: query.kind } : {}),
        ...(query.status ? { status: query.status } : {}),
      },
      query.limit,
      after && { createdAtMs: after[0], id: after[1] },
    );
    const page = cursorPage(rows, query.limit, (r) => [r.doc.created_at.toMillis(), r.id]);
    return {
      media: page.items.map((r) => mediaView(this.config.publicBaseUrl, r.id, r.doc)),
      next_page_token: page.next_page_token,
    };
  }

  async get(
    caller: Caller,
    params: MediaParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof MediaViewSchema>> {
    const media = await this.owned(caller, params.media_id);
    return mediaView(this.config.publicBaseUrl, params.media_id, media);
  }

  /** A signed URL (inline) for the uploader, admins, and readers of a resource that uses it. */
  async download(
    caller: Caller,
    params: MediaParams,
    _input: NoInput,
    _ctx: RequestContext,
  ): Promise<ResponseOf<typeof MediaDownloadSchema>> {
    const id = params.media_id;
    const media = await this.repo.get(id);
    if (!media || !(await this.mayRead(caller, id, media))) throw notFound(`Media ${id}`);
    if (media.status !== 'ready')
      throw failedPrecondition(`Media ${id} is ${media.status}, not ready to read`);
    const expires = new Date(Date.now() + this.config.downloadUrlTtlSeconds * 1000);
    return {
      media_id: id,
      file_name: media.file_name,
      content_type: media.content_type,
      signed_url: await this.signer.download(media.object_path, media.file_name, expires, 'inline'),
      expires_at: expires.toISOString(),
    };
  }

  /** For resource writes: an item the caller owns (admins: any), ready, answers its URL. */
  async urlFor(caller: Caller, mediaId: string, path: string): Promise<string> {
    const media = await this.repo.get(mediaId);
    if (!media || !owns(caller, media))
      throw invalidArgument(`Media ${mediaId} is not in your library`, [
        { path, message: 'No such media item of yours' },
      ]);
    if (media.status !== 'ready')
      throw invalidArgument(`Media ${mediaId} is ${media.status}`, [
        { path, message: 'Only media whose upload was checked (status ready) can be attached' },
      ]);
    return mediaUrl(this.config.publicBaseUrl, mediaId);
  }

  /**
   * Seed 003's `DELETE /upload/{file_type}/{filename}`: removes the item and its object. An item
   * a resource uses is a 409 naming the resources; detach it (PATCH the resource) first.
   */
  async remove(
    caller: Caller,
    params: { file_type: MediaKind; filename: string },
    _input: NoInput,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof DeletedMediaSchema>> {
    if (!hasRole(caller, KIND_RULES[params.file_type].role))
      throw permissionDenied(`Deleting a ${params.file_type} needs the instructor role`);
    const id = params.filename.slice(0, params.filename.indexOf('.'));
    const media = await this.repo.firestore.runTransaction(async (tx) => {
      const current = await this.repo.txGet(tx, id);
      if (
        !current ||
        !owns(caller, current) ||
        current.kind !== params.file_type ||
        mediaFilename(current) !== params.filename
      )
        throw notFound(`Media ${params.file_type}/${params.filename}`);
      const users = await this.catalog.resourcesUsingMedia(id, tx);
      if (users.length > 0) {
        throw failedPrecondition(
          `Media ${params.filename} is used by ${users.length === 1 ? 'resource' : 'resources'} ${users.map((u) => u.id).join(', ')}: detach it first`,
          users.map((u) => ({
            path: `resources.${u.id}`,
            message: `Resource “${u.doc.title}” of pathway ${u.doc.pathway_id} links to it`,
          })),
        );
      }
      this.repo.txDelete(tx, id);
      this.audit.inTransaction(tx, {
        action: 'media_deleted',
        actor: caller,
        submissionId: null,
        submission: { user_id: current.owner_uid, pathway_id: null, resource_id: null },
        requestId: ctx.requestId,
        at: Timestamp.now(),
        details: { media_id: id, object_path: current.object_path, kind: current.kind },
      });
      return current;
    });
    // After the commit: an object left behind by a failure here is unreachable, never a dangling item.
    await this.bucket.file(media.object_path).delete({ ignoreNotFound: true });
    return { media_id: id, filename: params.filename, deleted: true };
  }

  private async owned(caller: Caller, id: string): Promise<MediaDoc> {
    const media = await this.repo.get(id);
    if (!media || !owns(caller, media)) throw notFound(`Media ${id}`);
    return media;
  }

  private async mayRead(caller: Caller, id: string, media: MediaDoc): Promise<boolean> {
    if (owns(caller, media)) return true;
    const users = await this.catalog.resourcesUsingMedia(id);
    const pathways = await this.catalog.pathways([...new Set(users.map((u) => u.doc.pathway_id))]);
    return pathways.some((p) => p !== undefined && canView(caller, p));
  }
}

function owns(caller: Caller, media: Pick<MediaDoc, 'owner_uid'>): boolean {
  return caller.role === 'admin' || media.owner_uid === caller.uid;
}
