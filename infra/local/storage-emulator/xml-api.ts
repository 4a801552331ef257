// Over 300 lines: the XML API's object routes (download, upload, resumable sessions, delete) share one request parsing and error shape.
/**
 * The XML API object paths (`/{bucket}/{object}`) as a browser reaches them through V4 signed
 * URLs: GET/HEAD downloads, PUT uploads, DELETE, the resumable `x-goog-resumable: start` POST
 * and the session PUTs that follow, plus CORS preflights. Every request other than a preflight
 * or a session continuation must carry a valid V4 signature.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  contentHeaders,
  objectHeaders,
  requestOrigin,
  type ApiContext,
  type ParsedUrl,
} from './context';
import { answerPreflight, applyCors } from './cors';
import type { StorageError } from './errors';
import { errors } from './errors';
import { ContentHasher, parseGoogHash } from './hash';
import { headerValue, parseRange, sendEmpty, sendXmlError, streamBody } from './http';
import { looksSigned, parseRawQuery, verifyV4 } from './signature';
import { checkPreconditions, type StoredObject } from './store';
import type { ObjectMetadataInput, Preconditions } from './types';
import {
  ingest,
  lengthRangeError,
  parseLengthRange,
  putToSession,
  verifyDeclaredHashes,
} from './uploads';

const PERMISSION: Record<string, string> = {
  GET: 'storage.objects.get',
  HEAD: 'storage.objects.get',
  PUT: 'storage.objects.create',
  POST: 'storage.objects.create',
  DELETE: 'storage.objects.delete',
};

function splitPath(rawPath: string): { bucket: string; object: string } {
  const trimmed = rawPath.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  const rawBucket = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const rawObject = slash < 0 ? '' : trimmed.slice(slash + 1);
  try {
    return { bucket: decodeURIComponent(rawBucket), object: decodeURIComponent(rawObject) };
  } catch {
    throw errors.invalid('The path is not valid percent-encoding.');
  }
}

export function sendXmlStorageError(
  req: IncomingMessage,
  res: ServerResponse,
  err: StorageError,
): void {
  sendXmlError(req, res, err.status, err.xmlCode, err.xmlMessage, err.details);
}

function xmlMetadataFromHeaders(req: IncomingMessage): ObjectMetadataInput {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-goog-meta-') && value !== undefined) {
      metadata[name.slice('x-goog-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  const out: ObjectMetadataInput = {};
  const take = (header: string, key: Exclude<keyof ObjectMetadataInput, 'metadata'>) => {
    const v = headerValue(req, header);
    if (v) out[key] = v;
  };
  take('content-type', 'contentType');
  take('content-encoding', 'contentEncoding');
  take('content-disposition', 'contentDisposition');
  take('content-language', 'contentLanguage');
  take('cache-control', 'cacheControl');
  if (Object.keys(metadata).length > 0) out.metadata = metadata;
  return out;
}

function xmlPreconditions(req: IncomingMessage): Preconditions {
  const out: Preconditions = {};
  const read = (header: string): number | undefined => {
    const v = headerValue(req, header);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v.trim())) throw errors.invalid(`Invalid ${header}: ${v}`);
    return Number(v);
  };
  const gm = read('x-goog-if-generation-match');
  const mm = read('x-goog-if-metageneration-match');
  if (gm !== undefined) out.ifGenerationMatch = gm;
  if (mm !== undefined) out.ifMetagenerationMatch = mm;
  return out;
}

function writeHeaders(res: ServerResponse, headers: Record<string, string>): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
}

function sendStored(req: IncomingMessage, res: ServerResponse, object: StoredObject): void {
  writeHeaders(res, objectHeaders(object));
  sendEmpty(req, res, 200);
}

export async function handleXml(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: ParsedUrl,
): Promise<void> {
  const method = req.method ?? 'GET';
  const { bucket, object } = splitPath(url.rawPath);
  const rules = bucket && ctx.store.hasBucket(bucket) ? ctx.store.bucket(bucket).cors : undefined;

  if (method === 'OPTIONS') {
    answerPreflight(rules, req, res);
    return;
  }
  applyCors(rules, req, res);

  const uploadId = url.query.get('upload_id');
  if (uploadId !== null) {
    await continueSession(ctx, req, res, uploadId);
    return;
  }

  let params: [string, string][];
  try {
    params = parseRawQuery(url.rawQuery);
  } catch {
    throw errors.invalid('The query string is not valid percent-encoding.');
  }
  if (!looksSigned(params)) {
    const permission = object
      ? (PERMISSION[method] ?? 'storage.objects.get')
      : 'storage.objects.list';
    sendXmlError(
      req,
      res,
      403,
      'AccessDenied',
      'Access denied.',
      `Anonymous caller does not have ${permission} access to the Google Cloud Storage ${object ? 'object' : 'bucket'}. Permission '${permission}' denied on resource (or it may not exist).`,
    );
    return;
  }
  const verdict = verifyV4(
    { method, rawPath: url.rawPath, rawQuery: url.rawQuery, headers: req.headers },
    (email) => ctx.keys.get(email),
    new Date(),
  );
  if (!verdict.ok) {
    sendXmlError(
      req,
      res,
      verdict.status,
      verdict.code,
      verdict.message,
      verdict.details,
      verdict.extra,
    );
    return;
  }

  ctx.store.bucket(bucket);
  if (!object) {
    throw errors.notImplemented(
      'Bucket-level XML API operations are not emulated; use the JSON API to list or manage buckets.',
    );
  }

  switch (method) {
    case 'GET':
    case 'HEAD':
      await readObject(ctx, req, res, bucket, object, url.query);
      return;
    case 'PUT':
      await putObject(ctx, req, res, bucket, object);
      return;
    case 'POST':
      await startResumable(ctx, req, res, url, bucket, object);
      return;
    case 'DELETE':
      await ctx.store.deleteObject(bucket, object, xmlPreconditions(req));
      sendEmpty(req, res, 204);
      return;
    default:
      sendXmlError(
        req,
        res,
        405,
        'MethodNotAllowed',
        `The method ${method} is not allowed on this resource.`,
      );
  }
}

async function readObject(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  bucket: string,
  name: string,
  query: URLSearchParams,
): Promise<void> {
  const stored = ctx.store.getObject(bucket, name);
  const generation = query.get('generation');
  if (generation !== null && generation !== String(stored.generation)) {
    throw errors.noSuchObject(bucket, name);
  }
  let range: { start: number; end: number } | undefined;
  try {
    range = parseRange(headerValue(req, 'range'), stored.size);
  } catch (err) {
    res.setHeader('Content-Range', `bytes */${stored.size}`);
    throw err;
  }
  writeHeaders(res, objectHeaders(stored));
  writeHeaders(
    res,
    contentHeaders(stored, {
      ...(query.get('response-content-type')
        ? { contentType: query.get('response-content-type') as string }
        : {}),
      ...(query.get('response-content-disposition')
        ? { contentDisposition: query.get('response-content-disposition') as string }
        : {}),
    }),
  );
  const start = range?.start ?? 0;
  const end = range?.end ?? stored.size - 1;
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${stored.size}`);
  if (req.method === 'HEAD') {
    res.writeHead(range ? 206 : 200);
    res.end();
    return;
  }
  const stream = await stored.blob.openRead(start, end);
  res.writeHead(range ? 206 : 200);
  await streamBody(stream, res);
}

function contentLength(req: IncomingMessage): number | undefined {
  const v = headerValue(req, 'content-length');
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

async function putObject(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  bucket: string,
  name: string,
): Promise<void> {
  const lengthRange = parseLengthRange(headerValue(req, 'x-goog-content-length-range'));
  const declaredLength = contentLength(req);
  if (lengthRange && declaredLength !== undefined) {
    if (declaredLength > lengthRange.max) throw lengthRangeError('large');
    if (declaredLength < lengthRange.min) throw lengthRangeError('small');
  }
  const preconditions = xmlPreconditions(req);
  checkPreconditions(ctx.store.findObject(bucket, name), preconditions);

  const sha256Header = headerValue(req, 'x-goog-content-sha256');
  const hasher = new ContentHasher({ sha256: sha256Header !== undefined });
  const writer = await ctx.store.backend.createWriter();
  try {
    await ingest(
      req as AsyncIterable<Buffer>,
      writer,
      hasher,
      lengthRange ? { maxTotal: lengthRange.max } : {},
    );
    const digest = hasher.digest();
    if (lengthRange && digest.size < lengthRange.min) throw lengthRangeError('small');
    const declared = parseGoogHash(headerValue(req, 'x-goog-hash'));
    const md5Header = headerValue(req, 'content-md5');
    verifyDeclaredHashes(digest, {
      ...declared,
      ...(md5Header !== undefined ? { md5: md5Header } : {}),
      ...(sha256Header !== undefined ? { sha256Hex: sha256Header } : {}),
    });
    const stored = await ctx.store.commitObject({
      bucket,
      name,
      metadata: xmlMetadataFromHeaders(req),
      blob: await writer.finish(),
      digest,
      preconditions,
    });
    sendStored(req, res, stored);
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

async function startResumable(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: ParsedUrl,
  bucket: string,
  name: string,
): Promise<void> {
  if (headerValue(req, 'x-goog-resumable')?.toLowerCase() !== 'start') {
    throw errors.invalid(
      'POST to an object path starts a resumable upload and needs "x-goog-resumable: start"; HTML form (policy document) uploads are not emulated.',
    );
  }
  const preconditions = xmlPreconditions(req);
  checkPreconditions(ctx.store.findObject(bucket, name), preconditions);
  const lengthRange = parseLengthRange(headerValue(req, 'x-goog-content-length-range'));
  // The whole object's size, when the client announces it: GCS then refuses any other length.
  const declared = headerValue(req, 'x-upload-content-length');
  if (declared !== undefined && !/^\d+$/.test(declared)) {
    throw errors.invalid(`Invalid X-Upload-Content-Length: ${declared}`);
  }
  const metadata = xmlMetadataFromHeaders(req);
  for await (const _chunk of req as AsyncIterable<Buffer>) {
    // The initiating POST has no meaningful body.
  }
  const session = await ctx.sessions.create({
    api: 'xml',
    bucket,
    name,
    metadata,
    preconditions,
    ...(lengthRange ? { lengthRange } : {}),
    ...(declared !== undefined ? { declaredSize: Number(declared) } : {}),
  });
  const location = `${requestOrigin(req, ctx.baseUrl())}${url.rawPath}?${url.rawQuery}${url.rawQuery ? '&' : ''}upload_id=${session.id}`;
  res.setHeader('Location', location);
  res.setHeader('X-GUploader-UploadID', session.id);
  sendEmpty(req, res, 201);
}

async function continueSession(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  uploadId: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method === 'DELETE') {
    await ctx.sessions.cancel(uploadId);
    sendEmpty(req, res, 499);
    return;
  }
  if (method !== 'PUT' && method !== 'POST') {
    sendXmlError(
      req,
      res,
      405,
      'MethodNotAllowed',
      'Resumable session URIs accept PUT and DELETE.',
    );
    return;
  }
  const object = await putToSession(ctx.sessions, uploadId, req, res);
  if (object) sendStored(req, res, object);
}
