// Over 300 lines: the JSON API's routes as one table, each a few lines over the store.
/**
 * The JSON API subset `@google-cloud/storage` uses. With STORAGE_EMULATOR_HOST set, the client
 * sends metadata calls to `{host}/b/…` (no `/storage/v1` prefix) and uploads to
 * `{host}/upload/storage/v1/b/…`; the canonical prefixed paths are accepted as well. Like other
 * emulators, requests are not authenticated.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  contentHeaders,
  objectHeaders,
  requestOrigin,
  type ApiContext,
  type ParsedUrl,
} from './context';
import { applyOpenCors } from './cors';
import { errors } from './errors';
import { ContentHasher, type Digest } from './hash';
import {
  headerValue,
  parseRange,
  preconditionsFromQuery,
  readJsonBody,
  sendEmpty,
  sendJson,
  streamBody,
} from './http';
import { applyFieldsSelector, bucketResource, objectResource } from './resources';
import { checkPreconditions, METADATA_FIELDS, normaliseCorsRule, type StoredObject } from './store';
import type { CorsRule, ObjectMetadataInput } from './types';
import {
  ingest,
  multipartBoundary,
  putToSession,
  readMultipart,
  verifyDeclaredHashes,
} from './uploads';

type Mode = 'api' | 'upload' | 'download';

export function jsonRoute(rawPath: string): { mode: Mode; rest: string } | undefined {
  const prefixes: [string, Mode][] = [
    ['/upload/storage/v1', 'upload'],
    ['/download/storage/v1', 'download'],
    ['/storage/v1', 'api'],
  ];
  for (const [prefix, mode] of prefixes) {
    if (rawPath === prefix || rawPath.startsWith(`${prefix}/`)) {
      return { mode, rest: rawPath.slice(prefix.length) };
    }
  }
  if (rawPath === '/b' || rawPath.startsWith('/b/')) return { mode: 'api', rest: rawPath };
  return undefined;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.invalid('The path is not valid percent-encoding.');
  }
}

function metadataFromBody(body: Record<string, unknown>): ObjectMetadataInput {
  const out: ObjectMetadataInput = {};
  for (const key of METADATA_FIELDS) {
    const value = body[key];
    if (value === undefined || value === null) continue;
    if (key === 'metadata') {
      if (typeof value !== 'object' || Array.isArray(value))
        throw errors.invalid('metadata must be an object.');
      out.metadata = Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    } else if (typeof value === 'string') {
      out[key] = value;
    }
  }
  return out;
}

function metadataOf(object: StoredObject): ObjectMetadataInput {
  const out: ObjectMetadataInput = {};
  for (const key of METADATA_FIELDS) {
    if (key === 'metadata') {
      if (object.metadata) out.metadata = { ...object.metadata };
    } else if (object[key] !== undefined) {
      out[key] = object[key];
    }
  }
  return out;
}

function digestOf(object: StoredObject): Digest {
  return {
    size: object.size,
    md5Base64: object.md5Hash,
    md5Hex: object.md5Hex,
    crc32c: object.crc32c,
  };
}

export async function handleJson(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: ParsedUrl,
  route: { mode: Mode; rest: string },
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    applyOpenCors(req, res, true);
    sendEmpty(req, res, 200);
    return;
  }
  applyOpenCors(req, res, false);
  const segments = route.rest.split('/').slice(1);
  const send = (status: number, value: unknown) =>
    sendJson(req, res, status, applyFieldsSelector(value, url.query.get('fields') ?? undefined));
  const base = ctx.baseUrl();

  if (segments[0] !== 'b') throw errors.notImplemented(`No JSON API route for ${url.rawPath}.`);

  if (segments.length === 1) {
    if (method === 'GET') {
      const items = ctx.store.listBuckets().map((b) => bucketResource(b, base, ctx.projectNumber));
      send(200, { kind: 'storage#buckets', ...(items.length > 0 ? { items } : {}) });
      return;
    }
    if (method === 'POST') {
      const body = await readJsonBody(req);
      if (typeof body.name !== 'string') throw errors.required('Required: bucket name.');
      const record = ctx.store.createBucket(body.name, corsFromBody(body.cors) ?? []);
      send(200, bucketResource(record, base, ctx.projectNumber));
      return;
    }
  }

  const bucket = decode(segments[1] ?? '');
  if (segments.length === 2) {
    switch (method) {
      case 'GET':
        send(200, bucketResource(ctx.store.bucket(bucket), base, ctx.projectNumber));
        return;
      case 'PATCH':
      case 'PUT': {
        const body = await readJsonBody(req);
        const cors = corsFromBody(body.cors);
        const record = ctx.store.updateBucket(bucket, {
          ...(cors ? { cors } : method === 'PUT' ? { cors: [] } : {}),
        });
        send(200, bucketResource(record, base, ctx.projectNumber));
        return;
      }
      case 'DELETE':
        ctx.store.deleteBucket(bucket);
        sendEmpty(req, res, 204);
        return;
    }
  }

  if (segments[2] !== 'o') throw errors.notImplemented(`No JSON API route for ${url.rawPath}.`);

  if (segments.length === 3) {
    if (method === 'GET') {
      listObjects(ctx, bucket, url.query, send);
      return;
    }
    if (method === 'POST' && route.mode === 'upload') {
      await upload(ctx, req, res, url, bucket, send);
      return;
    }
    if (method === 'PUT' && route.mode === 'upload') {
      await sessionPut(ctx, req, url, send, res);
      return;
    }
    if (method === 'DELETE' && route.mode === 'upload') {
      await ctx.sessions.cancel(requireUploadId(url));
      sendEmpty(req, res, 499);
      return;
    }
    throw errors.invalid('Object uploads go to /upload/storage/v1/b/{bucket}/o.');
  }

  const objectSegments = segments.slice(3);
  const op = findOperation(objectSegments);
  if (op && method === 'POST') {
    const source = decode(objectSegments.slice(0, op.index).join('/'));
    if (op.kind === 'compose') {
      await compose(ctx, req, bucket, source, url.query, send);
      return;
    }
    await copyObject(ctx, req, url.query, { bucket, name: source }, op, send);
    return;
  }

  const name = decode(objectSegments.join('/'));
  const preconditions = preconditionsFromQuery(url.query);
  switch (method) {
    case 'GET':
    case 'HEAD': {
      const object = ctx.store.getObject(bucket, name);
      const generation = url.query.get('generation');
      if (generation !== null && generation !== String(object.generation)) {
        throw errors.noSuchObject(bucket, name);
      }
      checkPreconditions(object, preconditions);
      if (url.query.get('alt') === 'media' || route.mode === 'download') {
        await download(req, res, object);
        return;
      }
      send(200, objectResource(object, base));
      return;
    }
    case 'PATCH':
    case 'PUT': {
      const body = await readJsonBody(req);
      const object = ctx.store.patchObject(bucket, name, body, preconditions, method === 'PUT');
      send(200, objectResource(object, base));
      return;
    }
    case 'DELETE':
      await ctx.store.deleteObject(bucket, name, preconditions);
      sendEmpty(req, res, 204);
      return;
  }
  throw errors.notImplemented(`${method} ${url.rawPath} is not emulated.`);
}

function corsFromBody(value: unknown): CorsRule[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw errors.invalid('cors must be a list of rules.');
  return value.map((rule) => normaliseCorsRule(rule as CorsRule));
}

type Operation =
  | { kind: 'rewriteTo' | 'copyTo'; index: number; bucket: string; name: string }
  | { kind: 'moveTo'; index: number; bucket?: undefined; name: string }
  | { kind: 'compose'; index: number };

function findOperation(segments: string[]): Operation | undefined {
  for (let i = 1; i < segments.length; i++) {
    const s = segments[i];
    if (
      (s === 'rewriteTo' || s === 'copyTo') &&
      segments[i + 1] === 'b' &&
      segments[i + 3] === 'o'
    ) {
      return {
        kind: s,
        index: i,
        bucket: decode(segments[i + 2] ?? ''),
        name: decode(segments.slice(i + 4).join('/')),
      };
    }
    if (s === 'moveTo' && segments[i + 1] === 'o') {
      return { kind: 'moveTo', index: i, name: decode(segments.slice(i + 2).join('/')) };
    }
  }
  if (segments.length > 1 && segments[segments.length - 1] === 'compose') {
    return { kind: 'compose', index: segments.length - 1 };
  }
  return undefined;
}

function listObjects(
  ctx: ApiContext,
  bucket: string,
  query: URLSearchParams,
  send: (status: number, value: unknown) => void,
): void {
  const maxResults = query.get('maxResults');
  const result = ctx.store.list(bucket, {
    ...(query.get('prefix') !== null ? { prefix: query.get('prefix') as string } : {}),
    ...(query.get('delimiter') ? { delimiter: query.get('delimiter') as string } : {}),
    ...(maxResults !== null ? { maxResults: Number(maxResults) } : {}),
    ...(query.get('pageToken') ? { pageToken: query.get('pageToken') as string } : {}),
    ...(query.get('startOffset') ? { startOffset: query.get('startOffset') as string } : {}),
    ...(query.get('endOffset') ? { endOffset: query.get('endOffset') as string } : {}),
    ...(query.get('matchGlob') ? { matchGlob: query.get('matchGlob') as string } : {}),
    includeTrailingDelimiter: query.get('includeTrailingDelimiter') === 'true',
  });
  const base = ctx.baseUrl();
  send(200, {
    kind: 'storage#objects',
    ...(result.nextPageToken ? { nextPageToken: result.nextPageToken } : {}),
    ...(result.prefixes.length > 0 ? { prefixes: result.prefixes } : {}),
    ...(result.items.length > 0 ? { items: result.items.map((o) => objectResource(o, base)) } : {}),
  });
}

async function download(
  req: IncomingMessage,
  res: ServerResponse,
  object: StoredObject,
): Promise<void> {
  let range: { start: number; end: number } | undefined;
  try {
    range = parseRange(headerValue(req, 'range'), object.size);
  } catch (err) {
    res.setHeader('Content-Range', `bytes */${object.size}`);
    throw err;
  }
  for (const [k, v] of Object.entries({ ...objectHeaders(object), ...contentHeaders(object) })) {
    res.setHeader(k, v);
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${object.size}`);
  const status = range ? 206 : 200;
  if (req.method === 'HEAD') {
    res.writeHead(status);
    res.end();
    return;
  }
  const stream = await object.blob.openRead(start, end);
  res.writeHead(status);
  await streamBody(stream, res);
}

function requireUploadId(url: ParsedUrl): string {
  const id = url.query.get('upload_id');
  if (!id) throw errors.required('Required: upload_id.');
  return id;
}

async function upload(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: ParsedUrl,
  bucket: string,
  send: (status: number, value: unknown) => void,
): Promise<void> {
  ctx.store.bucket(bucket);
  const uploadType = url.query.get('uploadType') ?? 'media';
  const preconditions = preconditionsFromQuery(url.query);
  const queryName = url.query.get('name') ?? undefined;

  if (uploadType === 'resumable') {
    const body = await readJsonBody(req);
    const name = typeof body.name === 'string' ? body.name : queryName;
    if (!name) throw errors.required('Required: object name.');
    checkPreconditions(ctx.store.findObject(bucket, name), preconditions);
    const metadata = metadataFromBody(body);
    const announcedType = headerValue(req, 'x-upload-content-type');
    if (announcedType && !metadata.contentType) metadata.contentType = announcedType;
    const declared = headerValue(req, 'x-upload-content-length');
    const session = await ctx.sessions.create({
      api: 'json',
      bucket,
      name,
      metadata,
      preconditions,
      ...(declared && /^\d+$/.test(declared) ? { declaredSize: Number(declared) } : {}),
    });
    const location = `${requestOrigin(req, ctx.baseUrl())}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${session.id}`;
    res.setHeader('Location', location);
    res.setHeader('X-GUploader-UploadID', session.id);
    sendEmpty(req, res, 200);
    return;
  }

  const store = async (
    name: string | undefined,
    metadata: ObjectMetadataInput,
    declared: { md5?: string; crc32c?: string },
    data: AsyncIterable<Buffer>,
  ): Promise<StoredObject> => {
    if (!name) throw errors.required('Required: object name.');
    checkPreconditions(ctx.store.findObject(bucket, name), preconditions);
    const hasher = new ContentHasher();
    const writer = await ctx.store.backend.createWriter();
    try {
      await ingest(data, writer, hasher);
      const digest = hasher.digest();
      verifyDeclaredHashes(digest, declared);
      return await ctx.store.commitObject({
        bucket,
        name,
        metadata,
        blob: await writer.finish(),
        digest,
        preconditions,
      });
    } catch (err) {
      await writer.abort();
      throw err;
    }
  };

  if (uploadType === 'media') {
    const contentType = headerValue(req, 'content-type');
    const contentEncoding = url.query.get('contentEncoding');
    const object = await store(
      queryName,
      {
        ...(contentType ? { contentType } : {}),
        ...(contentEncoding ? { contentEncoding } : {}),
      },
      {},
      req as AsyncIterable<Buffer>,
    );
    send(200, objectResource(object, ctx.baseUrl()));
    return;
  }
  if (uploadType === 'multipart') {
    const boundary = multipartBoundary(headerValue(req, 'content-type'));
    const object = await readMultipart(req, boundary, (meta, mediaType, data) => {
      const metadata = metadataFromBody(meta);
      if (!metadata.contentType && mediaType) metadata.contentType = mediaType;
      const declared = {
        ...(typeof meta.md5Hash === 'string' ? { md5: meta.md5Hash } : {}),
        ...(typeof meta.crc32c === 'string' ? { crc32c: meta.crc32c } : {}),
      };
      return store(typeof meta.name === 'string' ? meta.name : queryName, metadata, declared, data);
    });
    send(200, objectResource(object, ctx.baseUrl()));
    return;
  }
  throw errors.invalid(`Unsupported uploadType: ${uploadType}`);
}

async function sessionPut(
  ctx: ApiContext,
  req: IncomingMessage,
  url: ParsedUrl,
  send: (status: number, value: unknown) => void,
  res: ServerResponse,
): Promise<void> {
  const object = await putToSession(ctx.sessions, requireUploadId(url), req, res);
  if (!object) return;
  for (const [k, v] of Object.entries(objectHeaders(object))) res.setHeader(k, v);
  send(200, objectResource(object, ctx.baseUrl()));
}

async function copyObject(
  ctx: ApiContext,
  req: IncomingMessage,
  query: URLSearchParams,
  source: { bucket: string; name: string },
  op: Extract<Operation, { kind: 'rewriteTo' | 'copyTo' | 'moveTo' }>,
  send: (status: number, value: unknown) => void,
): Promise<void> {
  const body = await readJsonBody(req);
  const src = ctx.store.getObject(source.bucket, source.name);
  const sourceGeneration = query.get('sourceGeneration');
  if (sourceGeneration !== null && sourceGeneration !== String(src.generation)) {
    throw errors.noSuchObject(source.bucket, source.name);
  }
  checkPreconditions(src, preconditionsFromQuery(query, 'ifSource'));
  const destBucket = op.bucket ?? source.bucket;
  ctx.store.bucket(destBucket);
  const overrides = metadataFromBody(body);
  const metadata = { ...metadataOf(src), ...overrides };
  const blob = await src.blob.clone();
  const object = await ctx.store.commitObject({
    bucket: destBucket,
    name: op.name,
    metadata,
    blob,
    digest: digestOf(src),
    preconditions: preconditionsFromQuery(query),
  });
  if (op.kind === 'moveTo' && !(destBucket === source.bucket && op.name === source.name)) {
    await ctx.store.deleteObject(source.bucket, source.name, { ifGenerationMatch: src.generation });
  }
  const resource = objectResource(object, ctx.baseUrl());
  if (op.kind === 'rewriteTo') {
    send(200, {
      kind: 'storage#rewriteResponse',
      totalBytesRewritten: String(object.size),
      objectSize: String(object.size),
      done: true,
      resource,
    });
    return;
  }
  send(200, resource);
}

async function compose(
  ctx: ApiContext,
  req: IncomingMessage,
  bucket: string,
  name: string,
  query: URLSearchParams,
  send: (status: number, value: unknown) => void,
): Promise<void> {
  const body = await readJsonBody(req);
  const sources = body.sourceObjects;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > 32) {
    throw errors.invalid('sourceObjects must list between 1 and 32 objects.');
  }
  const objects = sources.map((entry) => {
    const s = entry as {
      name?: unknown;
      generation?: unknown;
      objectPreconditions?: { ifGenerationMatch?: unknown };
    };
    if (typeof s.name !== 'string') throw errors.required('Required: sourceObjects[].name.');
    const object = ctx.store.getObject(bucket, s.name);
    if (s.generation !== undefined && String(s.generation) !== String(object.generation)) {
      throw errors.noSuchObject(bucket, s.name);
    }
    const expected = s.objectPreconditions?.ifGenerationMatch;
    if (expected !== undefined && String(expected) !== String(object.generation)) {
      throw errors.preconditionFailed('ifGenerationMatch');
    }
    return object;
  });
  const destination = (body.destination ?? {}) as Record<string, unknown>;
  const hasher = new ContentHasher();
  const writer = await ctx.store.backend.createWriter();
  try {
    for (const object of objects) {
      await ingest(await object.blob.openRead(0, object.size - 1), writer, hasher);
    }
    const metadata = metadataFromBody(destination);
    if (!metadata.contentType && objects[0]?.contentType)
      metadata.contentType = objects[0].contentType;
    const object = await ctx.store.commitObject({
      bucket,
      name,
      metadata,
      blob: await writer.finish(),
      digest: hasher.digest(),
      preconditions: preconditionsFromQuery(query),
    });
    send(200, objectResource(object, ctx.baseUrl()));
  } catch (err) {
    await writer.abort();
    throw err;
  }
}
