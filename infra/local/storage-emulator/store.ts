// Over 300 lines: the one owner of buckets, objects and their events, and their state directory.
/**
 * Buckets and objects: metadata in memory, bytes in a blob backend. Every change that GCS
 * reports to Eventarc goes through `onEvent`, whichever API caused it, so the XML and JSON
 * paths cannot forget to publish.
 */
import type { Blob, BlobBackend } from './blobs';
import { errors } from './errors';
import type { Digest } from './hash';
import type { SavedObject, StorageJournal } from './journal';
import type { CorsRule, ObjectMetadataInput, Preconditions } from './types';

export interface BucketRecord {
  name: string;
  cors: CorsRule[];
  timeCreated: string;
  updated: string;
  metageneration: number;
  objects: Map<string, StoredObject>;
}

export interface StoredObject extends ObjectMetadataInput {
  bucket: string;
  name: string;
  generation: number;
  metageneration: number;
  size: number;
  md5Hash: string;
  md5Hex: string;
  crc32c: string;
  timeCreated: string;
  updated: string;
  blob: Blob;
}

export type StoreEvent = 'finalized' | 'deleted';

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
  maxResults?: number;
  pageToken?: string;
  startOffset?: string;
  endOffset?: string;
  includeTrailingDelimiter?: boolean;
  matchGlob?: string;
}

export interface ListResult {
  items: StoredObject[];
  prefixes: string[];
  nextPageToken?: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const MAX_LIST_RESULTS = 1000;

export function validateBucketName(name: string): void {
  // Dotted (domain-style) names such as Firebase's `project.appspot.com` may be longer than 63.
  const tooLong = name.includes('.')
    ? name.split('.').some((label) => label.length > 63)
    : name.length > 63;
  if (!BUCKET_NAME.test(name) || tooLong || name.includes('..') || name.startsWith('goog')) {
    throw errors.invalid(`Invalid bucket name: '${name}'`);
  }
}

export function validateObjectName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name) > 1024) {
    throw errors.invalid('Object name must be between 1 and 1024 bytes of UTF-8.');
  }
  if (name === '.' || name === '..' || /[\r\n]/.test(name)) {
    throw errors.invalid(`Invalid object name: '${name}'`);
  }
}

/** Applies GCS preconditions; `existing` is undefined when the object does not exist. */
export function checkPreconditions(existing: StoredObject | undefined, pre: Preconditions): void {
  const generation = existing?.generation ?? 0;
  if (pre.ifGenerationMatch !== undefined && pre.ifGenerationMatch !== generation) {
    throw errors.preconditionFailed('ifGenerationMatch');
  }
  if (pre.ifGenerationNotMatch !== undefined && pre.ifGenerationNotMatch === generation) {
    throw errors.preconditionFailed('ifGenerationNotMatch');
  }
  if (
    pre.ifMetagenerationMatch !== undefined &&
    pre.ifMetagenerationMatch !== existing?.metageneration
  ) {
    throw errors.preconditionFailed('ifMetagenerationMatch');
  }
  if (
    pre.ifMetagenerationNotMatch !== undefined &&
    existing &&
    pre.ifMetagenerationNotMatch === existing.metageneration
  ) {
    throw errors.preconditionFailed('ifMetagenerationNotMatch');
  }
}

/** Translates a GCS `matchGlob` (`**`, `*`, `?`, `[…]`, `{a,b}`) into a regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        const body = glob
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = glob.indexOf('}', i + 1);
      if (close < 0) out += '\\{';
      else {
        out += `(?:${glob
          .slice(i + 1, close)
          .split(',')
          .map((alt) => alt.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
          .join('|')})`;
        i = close;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

function encodePageToken(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

function decodePageToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // Falls through to the invalid-token error below.
  }
  throw errors.invalid('Invalid pageToken.');
}

export class Store {
  private readonly buckets = new Map<string, BucketRecord>();
  private lastGeneration = 0;

  constructor(
    readonly backend: BlobBackend,
    private readonly onEvent: (type: StoreEvent, object: StoredObject) => void,
    /** Where objects' metadata is kept across restarts; memory only when absent. */
    private readonly journal?: StorageJournal,
  ) {}

  private save(object: StoredObject): void {
    if (!this.journal) return;
    const { blob, ...metadata } = object;
    if (!blob.file) throw new Error('A journal needs a blob backend that keeps files');
    this.journal.saveObject({ ...metadata, blobFile: blob.file });
  }

  /**
   * Takes up the objects a previous emulator saved; buckets must exist already. Returns the
   * blob files in use, so the caller can delete bytes nobody refers to.
   */
  restore(saved: readonly SavedObject[], adopt: (file: string, size: number) => Blob): string[] {
    const files: string[] = [];
    for (const { blobFile, ...object } of saved) {
      const record = this.buckets.get(object.bucket);
      if (!record) {
        this.journal?.removeObject(object.bucket, object.name);
        continue;
      }
      record.objects.set(object.name, { ...object, blob: adopt(blobFile, object.size) });
      this.lastGeneration = Math.max(this.lastGeneration, object.generation);
      files.push(blobFile);
    }
    return files;
  }

  /** Generations are microsecond timestamps, strictly increasing as in GCS. */
  private nextGeneration(): number {
    this.lastGeneration = Math.max(this.lastGeneration + 1, Date.now() * 1000);
    return this.lastGeneration;
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  createBucket(name: string, cors: CorsRule[] = []): BucketRecord {
    validateBucketName(name);
    if (this.buckets.has(name)) throw errors.bucketExists();
    const now = new Date().toISOString();
    const record: BucketRecord = {
      name,
      cors: cors.map(normaliseCorsRule),
      timeCreated: now,
      updated: now,
      metageneration: 1,
      objects: new Map(),
    };
    this.buckets.set(name, record);
    return record;
  }

  bucket(name: string): BucketRecord {
    const record = this.buckets.get(name);
    if (!record) throw errors.noSuchBucket(name);
    return record;
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  updateBucket(name: string, patch: { cors?: CorsRule[] }): BucketRecord {
    const record = this.bucket(name);
    if (patch.cors) record.cors = patch.cors.map(normaliseCorsRule);
    record.metageneration++;
    record.updated = new Date().toISOString();
    return record;
  }

  deleteBucket(name: string): void {
    const record = this.bucket(name);
    if (record.objects.size > 0) throw errors.bucketNotEmpty();
    this.buckets.delete(name);
  }

  getObject(bucket: string, name: string): StoredObject {
    const object = this.bucket(bucket).objects.get(name);
    if (!object) throw errors.noSuchObject(bucket, name);
    return object;
  }

  findObject(bucket: string, name: string): StoredObject | undefined {
    return this.bucket(bucket).objects.get(name);
  }

  /**
   * Makes `blob` the live object. Preconditions are checked here, at commit time, so two
   * uploads racing with `ifGenerationMatch=0` cannot both win.
   */
  async commitObject(input: {
    bucket: string;
    name: string;
    metadata: ObjectMetadataInput;
    blob: Blob;
    digest: Digest;
    preconditions?: Preconditions;
  }): Promise<StoredObject> {
    const record = this.bucket(input.bucket);
    validateObjectName(input.name);
    const existing = record.objects.get(input.name);
    try {
      checkPreconditions(existing, input.preconditions ?? {});
    } catch (err) {
      await input.blob.release();
      throw err;
    }
    const now = new Date().toISOString();
    const object: StoredObject = {
      ...cleanMetadata(input.metadata),
      bucket: input.bucket,
      name: input.name,
      generation: this.nextGeneration(),
      metageneration: 1,
      size: input.digest.size,
      md5Hash: input.digest.md5Base64,
      md5Hex: input.digest.md5Hex,
      crc32c: input.digest.crc32c,
      timeCreated: now,
      updated: now,
      blob: input.blob,
    };
    record.objects.set(input.name, object);
    this.save(object);
    if (existing) {
      await existing.blob.release();
      this.onEvent('deleted', existing);
    }
    this.onEvent('finalized', object);
    return object;
  }

  async deleteObject(
    bucket: string,
    name: string,
    preconditions: Preconditions = {},
  ): Promise<StoredObject> {
    const record = this.bucket(bucket);
    const existing = record.objects.get(name);
    if (!existing) throw errors.noSuchObject(bucket, name);
    checkPreconditions(existing, preconditions);
    record.objects.delete(name);
    this.journal?.removeObject(bucket, name);
    await existing.blob.release();
    this.onEvent('deleted', existing);
    return existing;
  }

  /** Metadata-only change: bumps metageneration, keeps generation and bytes. */
  patchObject(
    bucket: string,
    name: string,
    patch: Partial<Record<keyof ObjectMetadataInput, unknown>>,
    preconditions: Preconditions = {},
    replace = false,
  ): StoredObject {
    const existing = this.getObject(bucket, name);
    checkPreconditions(existing, preconditions);
    const next: StoredObject = { ...existing };
    if (replace) {
      for (const key of METADATA_FIELDS) delete next[key];
    }
    for (const key of METADATA_FIELDS) {
      if (!(key in patch)) continue;
      const value = patch[key];
      if (key === 'metadata') {
        next.metadata = mergeCustomMetadata(replace ? undefined : existing.metadata, value);
      } else if (value === null || value === undefined) {
        delete next[key];
      } else if (typeof value === 'string') {
        next[key] = value;
      } else {
        throw errors.invalid(`Invalid value for ${key}.`);
      }
    }
    if (!next.metadata || Object.keys(next.metadata).length === 0) delete next.metadata;
    next.metageneration = existing.metageneration + 1;
    next.updated = new Date().toISOString();
    this.bucket(bucket).objects.set(name, next);
    this.save(next);
    return next;
  }

  list(bucket: string, options: ListOptions): ListResult {
    const record = this.bucket(bucket);
    const prefix = options.prefix ?? '';
    const delimiter = options.delimiter || undefined;
    const max = Math.min(Math.max(options.maxResults ?? MAX_LIST_RESULTS, 1), MAX_LIST_RESULTS);
    const after = options.pageToken ? decodePageToken(options.pageToken) : undefined;
    const glob = options.matchGlob ? globToRegExp(options.matchGlob) : undefined;
    const names = [...record.objects.keys()].filter((n) => n.startsWith(prefix)).sort(byCodePoint);

    const items: StoredObject[] = [];
    const prefixes: string[] = [];
    let lastKey: string | undefined;
    let count = 0;
    for (const name of names) {
      if (
        after !== undefined &&
        (name <= after || (after.endsWith(delimiter ?? '\0') && name.startsWith(after)))
      ) {
        continue;
      }
      if (options.startOffset !== undefined && name < options.startOffset) continue;
      if (options.endOffset !== undefined && name >= options.endOffset) continue;
      if (glob && !glob.test(name)) continue;
      const rest = name.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (delimiter && cut >= 0) {
        const p = prefix + rest.slice(0, cut + delimiter.length);
        const isTrailing = cut + delimiter.length === rest.length;
        if (prefixes[prefixes.length - 1] !== p) {
          if (count >= max)
            return { items, prefixes, nextPageToken: encodePageToken(lastKey as string) };
          prefixes.push(p);
          count++;
          lastKey = p;
        }
        if (!(isTrailing && options.includeTrailingDelimiter)) continue;
      }
      if (count >= max)
        return { items, prefixes, nextPageToken: encodePageToken(lastKey as string) };
      items.push(record.objects.get(name) as StoredObject);
      count++;
      lastKey = name;
    }
    return { items, prefixes };
  }

  /** Drops every object and pending byte; buckets (and their CORS) stay. */
  async reset(): Promise<void> {
    const releases: Promise<void>[] = [];
    for (const record of this.buckets.values()) {
      for (const object of record.objects.values()) releases.push(object.blob.release());
      record.objects.clear();
    }
    this.journal?.clear();
    await Promise.all(releases);
  }
}

/** The object metadata a client may set: on upload, by patch, or in a rewrite's destination. */
export const METADATA_FIELDS = [
  'contentType',
  'contentEncoding',
  'contentDisposition',
  'contentLanguage',
  'cacheControl',
  'metadata',
] as const;

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cleanMetadata(input: ObjectMetadataInput): ObjectMetadataInput {
  const out: ObjectMetadataInput = {};
  for (const key of METADATA_FIELDS) {
    const value = input[key];
    if (key === 'metadata') {
      const merged = mergeCustomMetadata(undefined, value);
      if (merged && Object.keys(merged).length > 0) out.metadata = merged;
    } else if (typeof value === 'string' && value !== '') {
      out[key] = value;
    }
  }
  return out;
}

/** JSON API semantics: a key set to null is removed, `metadata: null` clears everything. */
function mergeCustomMetadata(
  existing: Record<string, string> | undefined,
  patch: unknown,
): Record<string, string> | undefined {
  if (patch === null) return undefined;
  if (patch === undefined) return existing;
  if (typeof patch !== 'object' || Array.isArray(patch)) {
    throw errors.invalid('metadata must be an object of string values.');
  }
  const out: Record<string, string> = { ...existing };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if (value === null) delete out[key];
    else out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

export function normaliseCorsRule(rule: CorsRule): CorsRule {
  if (!Array.isArray(rule.origin) || !Array.isArray(rule.method)) {
    throw errors.invalid('A CORS rule needs origin and method lists.');
  }
  return {
    origin: rule.origin.map(String),
    method: rule.method.map((m) => String(m).toUpperCase()),
    ...(rule.responseHeader ? { responseHeader: rule.responseHeader.map(String) } : {}),
    ...(rule.maxAgeSeconds !== undefined ? { maxAgeSeconds: Number(rule.maxAgeSeconds) } : {}),
  };
}
