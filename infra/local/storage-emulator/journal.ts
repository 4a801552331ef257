/**
 * The emulator's state on disk, so a restarted emulator serves what the stopped one held: one
 * metadata file per live object (naming the blob file with its bytes), one file per event
 * delivery not yet acknowledged, and one per resumable upload session. Every file is written to
 * a temporary name and renamed into place, so a process killed at any moment leaves the old or
 * the new state of a file. Synchronous on purpose: an object's metadata and its finalize event
 * are on disk before the upload's answer leaves.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TEMPORARY_SUFFIX, writeAtomically } from '../atomic-file';

const MetadataSchema = {
  contentType: z.string().optional(),
  contentEncoding: z.string().optional(),
  contentDisposition: z.string().optional(),
  contentLanguage: z.string().optional(),
  cacheControl: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
};

const PreconditionsSchema = z.object({
  ifGenerationMatch: z.number().optional(),
  ifGenerationNotMatch: z.number().optional(),
  ifMetagenerationMatch: z.number().optional(),
  ifMetagenerationNotMatch: z.number().optional(),
});

export const SavedObjectSchema = z.object({
  ...MetadataSchema,
  bucket: z.string(),
  name: z.string(),
  generation: z.number(),
  metageneration: z.number(),
  size: z.number(),
  md5Hash: z.string(),
  md5Hex: z.string(),
  crc32c: z.string(),
  timeCreated: z.string(),
  updated: z.string(),
  blobFile: z.string(),
});
export type SavedObject = z.infer<typeof SavedObjectSchema>;

export const SavedDeliverySchema = z.object({
  id: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  attempt: z.number(),
  oidcToken: z
    .object({ serviceAccountEmail: z.string(), audience: z.string().optional() })
    .optional(),
});
export type SavedDelivery = z.infer<typeof SavedDeliverySchema>;

export const SavedSessionSchema = z.object({
  id: z.string(),
  api: z.enum(['json', 'xml']),
  bucket: z.string(),
  name: z.string(),
  metadata: z.object(MetadataSchema),
  preconditions: PreconditionsSchema,
  lengthRange: z.object({ min: z.number(), max: z.number() }).optional(),
  declaredSize: z.number().optional(),
  /** Open: the file its bytes go to. Done: the generation it made. */
  blobFile: z.string().optional(),
  generation: z.number().optional(),
});
export type SavedSession = z.infer<typeof SavedSessionSchema>;

type Kind = 'objects' | 'events' | 'sessions';

export class StorageJournal {
  readonly blobsDir: string;

  constructor(private readonly dir: string) {
    this.blobsDir = path.join(dir, 'blobs');
    for (const kind of ['objects', 'events', 'sessions'] as const) {
      mkdirSync(path.join(dir, kind), { recursive: true });
    }
  }

  private fileOf(kind: Kind, key: string): string {
    return path.join(this.dir, kind, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  private readAll<T>(kind: Kind, schema: z.ZodType<T>): T[] {
    const out: T[] = [];
    const dir = path.join(this.dir, kind);
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      // A write the previous process did not finish: the file it was replacing is still there.
      if (entry.endsWith(TEMPORARY_SUFFIX)) rmSync(file, { force: true });
      else out.push(schema.parse(JSON.parse(readFileSync(file, 'utf8'))));
    }
    return out;
  }

  saveObject(object: SavedObject): void {
    writeAtomically(
      this.fileOf('objects', `${object.bucket}/${object.name}`),
      JSON.stringify(object),
    );
  }

  removeObject(bucket: string, name: string): void {
    rmSync(this.fileOf('objects', `${bucket}/${name}`), { force: true });
  }

  objects(): SavedObject[] {
    return this.readAll('objects', SavedObjectSchema);
  }

  saveDelivery(delivery: SavedDelivery): void {
    writeAtomically(this.fileOf('events', delivery.id), JSON.stringify(delivery));
  }

  removeDelivery(id: string): void {
    rmSync(this.fileOf('events', id), { force: true });
  }

  deliveries(): SavedDelivery[] {
    return this.readAll('events', SavedDeliverySchema);
  }

  saveSession(session: SavedSession): void {
    writeAtomically(this.fileOf('sessions', session.id), JSON.stringify(session));
  }

  removeSession(id: string): void {
    rmSync(this.fileOf('sessions', id), { force: true });
  }

  sessions(): SavedSession[] {
    return this.readAll('sessions', SavedSessionSchema);
  }

  /** Forgets every object, pending event and session (the emulator's reset). */
  clear(): void {
    for (const kind of ['objects', 'events', 'sessions'] as const) {
      rmSync(path.join(this.dir, kind), { recursive: true, force: true });
      mkdirSync(path.join(this.dir, kind), { recursive: true });
    }
  }
}
