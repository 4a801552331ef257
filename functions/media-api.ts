import { route, type AnyRoute } from '../shared/http/route';
import { withSeedPaths } from '../shared/http/seed-paths';
import { MediaKinds, KIND_RULES, type MediaKind } from '../shared/media/kinds';
import {
  DeletedMediaSchema,
  MediaBatchResponseSchema,
  MediaDownloadSchema,
  MediaFileParams,
  MediaListQuerySchema,
  MediaListSchema,
  MediaParams,
  MediaViewSchema,
  OpenMediaBatchSchema,
  OpenMediaResponseSchema,
  OpenMediaUploadSchema,
} from '../shared/media/schemas';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['media'];
const MB = 1024 * 1024;

const accepted = (kind: MediaKind) =>
  `${Object.keys(KIND_RULES[kind].types).join(', ')}; at most ${KIND_RULES[kind].maxBytes / MB} MB`;

/** Seed 003's `/upload/*`: one route per kind, each a signed URL bound to type and exact size. */
const uploadRoutes = (s: Services): AnyRoute[] => [
  ...MediaKinds.map((kind) =>
    route({
      method: 'POST',
      path: `/api/v1/upload/${kind}`,
      tags,
      auth: KIND_RULES[kind].role,
      summary: `Open a ${kind} upload (${accepted(kind)}): a signed URL${kind === 'video' ? ' (resumable session)' : ''} bound to type and exact size`,
      body: OpenMediaUploadSchema,
      response: OpenMediaResponseSchema,
      status: 201,
      handler: ({ caller, body, ctx }) => s.media.uploads.open(caller, { kind }, body, ctx),
    }),
  ),
  route({
    method: 'POST',
    path: '/api/v1/upload/batch',
    tags,
    auth: 'learner',
    summary:
      'Open up to ten uploads of any kinds at once, one signed URL each (videos and documents need the instructor role)',
    body: OpenMediaBatchSchema,
    response: MediaBatchResponseSchema,
    status: 201,
    handler: ({ caller, body, ctx }) => s.media.uploads.batch(caller, {}, body, ctx),
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/upload/{file_type}/{filename}',
    tags,
    auth: 'learner',
    summary: 'Delete a media item and its file (409 while a resource uses it)',
    params: MediaFileParams,
    response: DeletedMediaSchema,
    handler: ({ caller, params, ctx }) => s.media.library.remove(caller, params, {}, ctx),
  }),
];

/** The media library and reading media. */
const libraryRoutes = (s: Services): AnyRoute[] => [
  route({
    method: 'GET',
    path: '/api/v1/media',
    tags,
    auth: 'learner',
    summary: 'The caller’s media library, newest first (admins: everyone’s)',
    query: MediaListQuerySchema,
    response: MediaListSchema,
    handler: ({ caller, query, ctx }) => s.media.library.list(caller, {}, query, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/media/{media_id}',
    tags,
    auth: 'learner',
    summary: 'One item of the caller’s library, with its status',
    params: MediaParams,
    response: MediaViewSchema,
    handler: ({ caller, params, ctx }) => s.media.library.get(caller, params, {}, ctx),
  }),
  route({
    method: 'GET',
    path: '/api/v1/media/{media_id}/download',
    tags,
    auth: 'learner',
    summary:
      'A signed GET URL for a ready item: its uploader, admins, and whoever sees a resource that uses it',
    params: MediaParams,
    response: MediaDownloadSchema,
    handler: ({ caller, params, ctx }) => s.media.library.download(caller, params, {}, ctx),
  }),
];

export const mediaApi: FunctionFactory = (s) =>
  httpFunction(
    'mediaApi',
    withSeedPaths([...uploadRoutes(s), ...libraryRoutes(s)], 'seed 003', (path) =>
      path.startsWith('/api/v1/upload/'),
    ),
    s.edge,
  );
