/**
 * The JSON API driven only through `@google-cloud/storage` with STORAGE_EMULATOR_HOST set:
 * the calls product code makes (save, download, list, copy, move, delete, metadata, streams).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CRC32C, type File, type Storage } from '@google-cloud/storage';
import { startStorageEmulator, type StorageEmulator } from '../../infra/local/storage-emulator';
import { storageEmulatorHost, storageSigningAs } from '../helpers/signing-storage';

const PROJECT = 'demo-pathwise';
const EMAIL = 'functions@demo-pathwise.iam.gserviceaccount.com';
const BUCKET = 'demo-pathwise-media';
const OTHER = 'demo-pathwise-archive';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const emulatorHost = storageEmulatorHost();

function crc32cOf(data: Buffer): string {
  const crc = new CRC32C();
  crc.update(data);
  return crc.toString();
}

for (const mode of ['memory', 'disk'] as const) {
  describe(`JSON API through @google-cloud/storage (${mode} storage)`, () => {
    let emulator: StorageEmulator;
    let storage: Storage;
    let dataDir: string | undefined;

    beforeAll(async () => {
      dataDir = mode === 'disk' ? await mkdtemp(path.join(tmpdir(), 'gcs-emu-test-')) : undefined;
      emulator = await startStorageEmulator({
        port: 0,
        projectId: PROJECT,
        signers: { [EMAIL]: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
        buckets: [{ name: BUCKET }],
        ...(dataDir ? { dataDir } : {}),
      });
      emulatorHost.set(emulator.url);
      storage = storageSigningAs(PROJECT, EMAIL, privateKey);
    });

    afterAll(async () => {
      await emulator.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    afterEach(() => emulator.reset());

    test('buckets: create with CORS, get, patch, list', async () => {
      const [bucket] = await storage.createBucket(OTHER, {
        cors: [{ origin: ['*'], method: ['GET'], maxAgeSeconds: 60 }],
      } as never);
      const [metadata] = await bucket.getMetadata();
      expect(metadata).toMatchObject({
        kind: 'storage#bucket',
        name: OTHER,
        cors: [{ origin: ['*'], method: ['GET'], maxAgeSeconds: 60 }],
      });
      await bucket.setCorsConfiguration([{ origin: ['https://a.example'], method: ['PUT'] }]);
      const [after] = await bucket.getMetadata();
      expect(after.cors).toEqual([{ origin: ['https://a.example'], method: ['PUT'] }]);
      const [buckets] = await storage.getBuckets();
      expect(buckets.map((b) => b.name).sort()).toEqual([OTHER, BUCKET].sort());
      const [exists] = await storage.bucket('demo-pathwise-nope').exists();
      expect(exists).toBe(false);
      await expect(storage.createBucket(OTHER)).rejects.toMatchObject({ code: 409 });
    });

    test('save (multipart and resumable) and download with validation', async () => {
      const small = Buffer.from('{"hello":"world"}');
      const file = storage.bucket(BUCKET).file('a/one.json');
      await file.save(small, { resumable: false, contentType: 'application/json' });
      const [downloaded] = await file.download();
      expect(downloaded.equals(small)).toBe(true);
      const [metadata] = await file.getMetadata();
      expect(metadata).toMatchObject({
        kind: 'storage#object',
        name: 'a/one.json',
        bucket: BUCKET,
        size: String(small.length),
        contentType: 'application/json',
        md5Hash: createHash('md5').update(small).digest('base64'),
        crc32c: crc32cOf(small),
        metageneration: '1',
        storageClass: 'STANDARD',
      });
      expect(metadata.id).toBe(`${BUCKET}/a/one.json/${metadata.generation}`);
      expect(metadata.generation).toMatch(/^\d{16}$/);
      expect(typeof metadata.etag).toBe('string');
      expect(metadata.selfLink).toBe(`${emulator.url}/storage/v1/b/${BUCKET}/o/a%2Fone.json`);
      expect(metadata.mediaLink).toContain(
        `${emulator.url}/download/storage/v1/b/${BUCKET}/o/a%2Fone.json`,
      );
      expect(new Date(metadata.timeCreated as string).getTime()).not.toBeNaN();

      const big = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 256;
      const resumable = storage.bucket(BUCKET).file('b/big.bin');
      await resumable.save(big, { resumable: true, contentType: 'application/octet-stream' });
      const [back] = await resumable.download();
      expect(back.length).toBe(big.length);
      expect(createHash('md5').update(back).digest('hex')).toBe(
        createHash('md5').update(big).digest('hex'),
      );
    });

    test('createWriteStream, resumable and not, and a chunked resumable upload', async () => {
      const payload = Buffer.alloc(700 * 1024, 3);
      for (const [name, options] of [
        ['s/resumable.bin', {}],
        ['s/simple.bin', { resumable: false }],
        ['s/chunked.bin', { chunkSize: 256 * 1024 }],
      ] as const) {
        const file = storage.bucket(BUCKET).file(name);
        await pipeline(
          Readable.from([payload.subarray(0, 100_000), payload.subarray(100_000)]),
          file.createWriteStream({ ...options, contentType: 'application/x-test' }),
        );
        const [metadata] = await file.getMetadata();
        expect(metadata.size).toBe(String(payload.length));
        expect(metadata.contentType).toBe('application/x-test');
      }
    });

    test('ranged downloads', async () => {
      const file = storage.bucket(BUCKET).file('range.txt');
      await file.save('0123456789abcdef', { resumable: false });
      expect((await file.download({ start: 2, end: 5 }))[0].toString()).toBe('2345');
      expect((await file.download({ start: 10 }))[0].toString()).toBe('abcdef');
      expect((await file.download({ end: 3 }))[0].toString()).toBe('0123');
    });

    test('getFiles with prefix, delimiter and pagination', async () => {
      const names = [
        'p/a.txt',
        'p/b.txt',
        'p/sub/c.txt',
        'p/sub/d.txt',
        'p/t/e.txt',
        'q/x.txt',
        'top.txt',
      ];
      await Promise.all(
        names.map((n) => storage.bucket(BUCKET).file(n).save(n, { resumable: false })),
      );
      const bucket = storage.bucket(BUCKET);

      const [all] = await bucket.getFiles();
      expect(all.map((f) => f.name)).toEqual([...names].sort());

      const [underP] = await bucket.getFiles({ prefix: 'p/' });
      expect(underP.map((f) => f.name)).toEqual([
        'p/a.txt',
        'p/b.txt',
        'p/sub/c.txt',
        'p/sub/d.txt',
        'p/t/e.txt',
      ]);

      const [files, , response] = await bucket.getFiles({
        prefix: 'p/',
        delimiter: '/',
        autoPaginate: false,
      });
      expect(files.map((f) => f.name)).toEqual(['p/a.txt', 'p/b.txt']);
      expect((response as any).prefixes).toEqual(['p/sub/', 'p/t/']);

      const pages: string[][] = [];
      let query: any = { maxResults: 3, autoPaginate: false };
      while (query) {
        const [page, next] = await bucket.getFiles(query);
        pages.push(page.map((f) => f.name));
        query = next;
      }
      expect(pages).toEqual([names.slice(0, 3), names.slice(3, 6), names.slice(6)]);

      const [paged] = await bucket.getFiles({ prefix: 'p/', maxResults: 2 });
      expect(paged.map((f) => f.name)).toEqual(['p/a.txt', 'p/b.txt']);

      const prefixPages: { items: string[]; prefixes: string[] }[] = [];
      let pq: any = { delimiter: '/', maxResults: 2, autoPaginate: false };
      while (pq) {
        const [page, next, resp] = await bucket.getFiles(pq);
        prefixPages.push({
          items: page.map((f) => f.name),
          prefixes: (resp as any).prefixes ?? [],
        });
        pq = next;
      }
      expect(prefixPages.flatMap((p) => p.prefixes)).toEqual(['p/', 'q/']);
      expect(prefixPages.flatMap((p) => p.items)).toEqual(['top.txt']);

      const [globbed] = await bucket.getFiles({ matchGlob: 'p/**/*.txt' } as never);
      expect(globbed.map((f) => f.name)).toEqual(['p/sub/c.txt', 'p/sub/d.txt', 'p/t/e.txt']);
    });

    test('the fields selector trims responses', async () => {
      await storage.bucket(BUCKET).file('f/1').save('1', { resumable: false });
      const [files, , response] = await storage
        .bucket(BUCKET)
        .getFiles({ fields: 'items(name,size),nextPageToken', autoPaginate: false });
      expect((response as any).items).toEqual([{ name: 'f/1', size: '1' }]);
      expect(files.map((f: any) => f.name)).toEqual(['f/1']);
    });

    test('metadata get and set, with custom metadata', async () => {
      const file = storage.bucket(BUCKET).file('meta.txt');
      await file.save('m', { resumable: false, metadata: { metadata: { course: 'ml-101' } } });
      const [first] = await file.getMetadata();
      expect(first.metadata).toEqual({ course: 'ml-101' });
      const [patched] = await file.setMetadata({
        contentType: 'text/plain',
        cacheControl: 'no-store',
        metadata: { owner: 'u1', course: null },
      });
      expect(patched).toMatchObject({
        contentType: 'text/plain',
        cacheControl: 'no-store',
        metadata: { owner: 'u1' },
        metageneration: '2',
        generation: first.generation,
      });
      await expect(
        file.setMetadata({ metadata: { x: '1' } }, { ifMetagenerationMatch: 1 }),
      ).rejects.toMatchObject({
        code: 412,
      });
    });

    test('exists, delete, and not-found errors', async () => {
      const file = storage.bucket(BUCKET).file('gone.txt');
      expect((await file.exists())[0]).toBe(false);
      await file.save('x', { resumable: false });
      expect((await file.exists())[0]).toBe(true);
      await file.delete();
      expect((await file.exists())[0]).toBe(false);
      await expect(file.delete()).rejects.toMatchObject({ code: 404 });
      await expect(file.download()).rejects.toMatchObject({ code: 404 });
      await expect(
        storage.bucket('demo-pathwise-none').file('x').getMetadata(),
      ).rejects.toMatchObject({
        code: 404,
      });
    });

    test('ifGenerationMatch preconditions, including 0 for create-only', async () => {
      const file = storage.bucket(BUCKET).file('once.txt');
      await file.save('first', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } });
      await expect(
        file.save('second', { resumable: false, preconditionOpts: { ifGenerationMatch: 0 } }),
      ).rejects.toMatchObject({ code: 412 });
      await expect(
        file.save('second', { resumable: true, preconditionOpts: { ifGenerationMatch: 0 } }),
      ).rejects.toMatchObject({ code: 412 });
      const [metadata] = await file.getMetadata();
      await file.save('third', {
        resumable: false,
        preconditionOpts: { ifGenerationMatch: Number(metadata.generation) },
      });
      expect((await file.download())[0].toString()).toBe('third');
      await expect(
        file.delete({ ifGenerationMatch: Number(metadata.generation) }),
      ).rejects.toMatchObject({
        code: 412,
      });
    });

    test('copy, move (within and across buckets) and rewrite keep bytes and metadata', async () => {
      const other = storage.bucket(OTHER);
      if (!(await other.exists())[0]) await storage.createBucket(OTHER);
      const src = storage.bucket(BUCKET).file('orig.txt');
      await src.save('original bytes', {
        resumable: false,
        contentType: 'text/plain',
        metadata: { metadata: { k: 'v' } },
      });
      const [copy] = await src.copy('copies/orig.txt');
      const [copyMeta] = await copy.getMetadata();
      expect(copyMeta).toMatchObject({
        contentType: 'text/plain',
        metadata: { k: 'v' },
        size: '14',
      });
      expect((await copy.download())[0].toString()).toBe('original bytes');

      const [moved] = (await src.move(other.file('moved.txt'))) as unknown as [File];
      expect(moved.bucket.name).toBe(OTHER);
      expect((await src.exists())[0]).toBe(false);
      expect((await moved.download())[0].toString()).toBe('original bytes');

      await copy.delete();
      const [left] = await storage.bucket(BUCKET).getFiles();
      expect(left.map((f) => f.name)).toEqual([]);
      await moved.delete();
    });

    test('bucket.deleteFiles({prefix}) removes exactly that prefix', async () => {
      const names = ['tmp/1', 'tmp/2', 'tmp/deep/3', 'keep/1'];
      await Promise.all(
        names.map((n) => storage.bucket(BUCKET).file(n).save('x', { resumable: false })),
      );
      await storage.bucket(BUCKET).deleteFiles({ prefix: 'tmp/' });
      const [left] = await storage.bucket(BUCKET).getFiles();
      expect(left.map((f) => f.name)).toEqual(['keep/1']);
    });

    test('compose concatenates objects', async () => {
      const bucket = storage.bucket(BUCKET);
      await bucket.file('c/1').save('abc', { resumable: false });
      await bucket.file('c/2').save('def', { resumable: false });
      const [composed] = await bucket.combine(['c/1', 'c/2'], 'c/all');
      expect((await composed.download())[0].toString()).toBe('abcdef');
    });

    test('reset removes objects and keeps buckets', async () => {
      await storage.bucket(BUCKET).file('r.txt').save('x', { resumable: false });
      const res = await fetch(`${emulator.url}/_emulator/reset`, { method: 'DELETE' });
      expect(res.status).toBe(204);
      expect((await storage.bucket(BUCKET).exists())[0]).toBe(true);
      expect((await storage.bucket(BUCKET).getFiles())[0]).toEqual([]);
    });
  });
}
