/** JSON API resource representations (also the data of the Eventarc CloudEvents). */
import type { BucketRecord, StoredObject } from './store';

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** GCS etags are the base64 of a small protobuf of (generation, metageneration). */
export function objectEtag(generation: number, metageneration: number): string {
  return Buffer.from([0x08, ...varint(generation), 0x10, ...varint(metageneration)]).toString(
    'base64',
  );
}

export function objectResource(object: StoredObject, baseUrl: string): Record<string, unknown> {
  const encoded = encodeURIComponent(object.name);
  return {
    kind: 'storage#object',
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: `${baseUrl}/storage/v1/b/${object.bucket}/o/${encoded}`,
    mediaLink: `${baseUrl}/download/storage/v1/b/${object.bucket}/o/${encoded}?generation=${object.generation}&alt=media`,
    name: object.name,
    bucket: object.bucket,
    generation: String(object.generation),
    metageneration: String(object.metageneration),
    contentType: object.contentType ?? 'application/octet-stream',
    ...(object.contentEncoding ? { contentEncoding: object.contentEncoding } : {}),
    ...(object.contentDisposition ? { contentDisposition: object.contentDisposition } : {}),
    ...(object.contentLanguage ? { contentLanguage: object.contentLanguage } : {}),
    ...(object.cacheControl ? { cacheControl: object.cacheControl } : {}),
    storageClass: 'STANDARD',
    size: String(object.size),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    etag: objectEtag(object.generation, object.metageneration),
    timeCreated: object.timeCreated,
    updated: object.updated,
    timeStorageClassUpdated: object.timeCreated,
    timeFinalized: object.timeCreated,
    ...(object.metadata ? { metadata: { ...object.metadata } } : {}),
  };
}

export function bucketResource(
  bucket: BucketRecord,
  baseUrl: string,
  projectNumber: string,
): Record<string, unknown> {
  return {
    kind: 'storage#bucket',
    selfLink: `${baseUrl}/storage/v1/b/${bucket.name}`,
    id: bucket.name,
    name: bucket.name,
    projectNumber,
    metageneration: String(bucket.metageneration),
    location: 'US',
    locationType: 'multi-region',
    storageClass: 'STANDARD',
    etag: objectEtag(bucket.metageneration, 1),
    timeCreated: bucket.timeCreated,
    updated: bucket.updated,
    ...(bucket.cors.length > 0 ? { cors: bucket.cors.map((rule) => ({ ...rule })) } : {}),
    iamConfiguration: {
      bucketPolicyOnly: { enabled: true },
      uniformBucketLevelAccess: { enabled: true },
      publicAccessPrevention: 'enforced',
    },
  };
}

/**
 * The JSON API `fields` partial-response selector (`items(name,size),nextPageToken`), applied
 * to an already-built response.
 */
export function applyFieldsSelector(value: unknown, selector: string | undefined): unknown {
  if (!selector) return value;
  return pick(value, parseSelector(selector));
}

type Selection = Map<string, Selection | true>;

function parseSelector(selector: string): Selection {
  let i = 0;
  const parseList = (): Selection => {
    const out: Selection = new Map();
    while (i < selector.length) {
      let name = '';
      while (i < selector.length && !',()'.includes(selector[i] as string)) name += selector[i++];
      name = name.trim();
      let sub: Selection | true = true;
      if (selector[i] === '(') {
        i++;
        sub = parseList();
        i++;
      }
      if (name) addPath(out, name.split('/'), sub);
      if (selector[i] === ',') {
        i++;
        continue;
      }
      if (selector[i] === ')') return out;
    }
    return out;
  };
  return parseList();
}

function addPath(target: Selection, path: string[], leaf: Selection | true): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target.set(head, leaf);
    return;
  }
  const existing = target.get(head);
  const child: Selection = existing instanceof Map ? existing : new Map();
  target.set(head, child);
  addPath(child, rest, leaf);
}

function pick(value: unknown, selection: Selection): unknown {
  if (Array.isArray(value)) return value.map((v) => pick(v, selection));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection) {
    if (key === '*') return value;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    out[key] = sub === true ? v : pick(v, sub);
  }
  return out;
}
