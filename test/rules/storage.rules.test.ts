import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from '@firebase/rules-unit-testing';
import {
  deleteObject,
  getBytes,
  getMetadata,
  list,
  ref,
  uploadBytes,
  type FirebaseStorage,
} from 'firebase/storage';
import { certificatePdfObjectPath } from '../../shared/certificates/model';
import { projectPrefix } from '../../shared/generation/archives';
import { mediaObjectPath } from '../../shared/media/kinds';
import { EXPORTS_PREFIX } from '../../shared/privacy/model';
import {
  FEEDBACK_PREFIX,
  QUARANTINE_PREFIX,
  submissionObjectPath,
} from '../../shared/submissions/model';
import { bucketName, type BucketRole } from '../../shared/triggers';
import {
  startStorageRulesEmulator,
  STORAGE_RULES_PROJECT,
  type StorageRulesEmulator,
} from '../helpers/storage-rules';

/**
 * storage.rules, evaluated by firebase-tools' Storage emulator: no Firebase-SDK caller reaches an
 * object under any prefix the product writes, whoever they are, the object's own uploader
 * included. Bytes move only through the signed URLs the functions issue.
 */
// This file's emulators are its own run's (test/helpers/storage-rules.ts), found through that
// run's hub; the surrounding run's Firestore is not among them. Jest gives each test file its own
// copy of process.env, so other files still see it.
delete process.env.FIRESTORE_EMULATOR_HOST;

const STORAGE_RULES = readFileSync(path.resolve(__dirname, '../../storage.rules'), 'utf8');

const LEARNER = 'lena';
const INSTRUCTOR = 'ines';
const ADMIN = 'ada';
const SUBMISSION_ID = 'Sub0000000000000000a';
const submission = submissionObjectPath({
  pathwayId: 'pathway-1',
  userId: LEARNER,
  resourceId: 'resource-1',
  submissionId: SUBMISSION_ID,
  fileName: 'essay.pdf',
  at: new Date('2026-11-23T20:00:00Z'),
});
const MEDIA_ID = '0b7c5a4e-3f1d-4c2b-9a8e-6d5f4c3b2a10';

/** One object under each prefix the product writes, with who put it there. */
const objects: { prefix: string; bucket: BucketRole; name: string; uploader: string }[] = [
  { prefix: 'pathways/ (submissions)', bucket: 'submissions', name: submission, uploader: LEARNER },
  {
    prefix: FEEDBACK_PREFIX,
    bucket: 'submissions',
    name: `${FEEDBACK_PREFIX}${SUBMISSION_ID}/20261123T200000Z_notes.pdf`,
    uploader: INSTRUCTOR,
  },
  {
    prefix: QUARANTINE_PREFIX,
    bucket: 'submissions',
    name: `${QUARANTINE_PREFIX}${submission}`,
    uploader: LEARNER,
  },
  {
    prefix: 'videos/',
    bucket: 'submissions',
    name: mediaObjectPath('videos', MEDIA_ID, 'mp4'),
    uploader: INSTRUCTOR,
  },
  {
    prefix: 'images/',
    bucket: 'submissions',
    name: mediaObjectPath('images', MEDIA_ID, 'png'),
    uploader: INSTRUCTOR,
  },
  {
    prefix: 'documents/',
    bucket: 'submissions',
    name: mediaObjectPath('documents', MEDIA_ID, 'pdf'),
    uploader: INSTRUCTOR,
  },
  {
    prefix: EXPORTS_PREFIX,
    bucket: 'submissions',
    name: `${EXPORTS_PREFIX}${LEARNER}/export-1.json`,
    uploader: LEARNER,
  },
  {
    prefix: 'projects/ (course sources)',
    bucket: 'submissions',
    name: `${projectPrefix('course-1')}archives/${MEDIA_ID}.zip`,
    uploader: INSTRUCTOR,
  },
  {
    prefix: 'certificates/',
    bucket: 'certificates',
    name: certificatePdfObjectPath('CERTCODE0000000000000001'),
    uploader: LEARNER,
  },
];

const callers: { who: string; context: (env: RulesTestEnvironment) => RulesTestContext }[] = [
  { who: 'anonymous', context: (env) => env.unauthenticatedContext() },
  { who: `learner ${LEARNER}`, context: (env) => env.authenticatedContext(LEARNER) },
  {
    who: `instructor ${INSTRUCTOR}`,
    context: (env) => env.authenticatedContext(INSTRUCTOR, { role: 'instructor' }),
  },
  { who: `admin ${ADMIN}`, context: (env) => env.authenticatedContext(ADMIN, { role: 'admin' }) },
];

const BYTES = new TextEncoder().encode('%PDF-1.7 not for clients');
const bucketUrl = (role: BucketRole) => `gs://${bucketName(role, STORAGE_RULES_PROJECT)}`;
const folderOf = (name: string) => name.slice(0, name.lastIndexOf('/'));

/** A context's Storage (the compat instance rules-unit-testing makes) for the modular API. */
const storageOf = (ctx: RulesTestContext, bucket: BucketRole) =>
  ctx.storage(bucketUrl(bucket)) as unknown as FirebaseStorage;

let emulator: StorageRulesEmulator;
let env: RulesTestEnvironment;

async function environment(rules: string): Promise<RulesTestEnvironment> {
  // Loading goes through the emulator's /internal/setRules: it fails unless the ruleset compiles.
  return initializeTestEnvironment({
    projectId: STORAGE_RULES_PROJECT,
    hub: emulator.hub,
    storage: { rules, host: emulator.host, port: emulator.port },
  });
}

/** Refused by the rules: the emulator's 403, which the SDK reports as `storage/unauthorized`. */
async function refused(operation: Promise<unknown>): Promise<void> {
  await expect(operation).rejects.toMatchObject({ code: 'storage/unauthorized' });
}

/** As the functions' service account (rules bypassed), so every read below finds an object. */
async function seed(target: RulesTestEnvironment, bucket: BucketRole, name: string): Promise<void> {
  await target.withSecurityRulesDisabled(async (ctx) => {
    await uploadBytes(ref(storageOf(ctx, bucket), name), BYTES, {
      contentType: 'application/pdf',
    });
  });
}

beforeAll(async () => {
  emulator = await startStorageRulesEmulator();
  env = await environment(STORAGE_RULES);
  for (const object of objects) await seed(env, object.bucket, object.name);
}, 180_000);

afterAll(async () => {
  await env?.cleanup();
  await emulator?.stop();
});

describe('storage.rules: no client reaches any object', () => {
  describe.each(objects)('$prefix', (object) => {
    test.each(callers)(
      '$who: upload, overwrite, download, metadata, list, delete refused',
      async (caller) => {
        const storage = storageOf(caller.context(env), object.bucket);
        const own = ref(storage, object.name);
        await refused(uploadBytes(ref(storage, `${object.name}.new`), BYTES));
        await refused(uploadBytes(own, BYTES));
        await refused(getBytes(own));
        await refused(getMetadata(own));
        await refused(list(ref(storage, folderOf(object.name))));
        await refused(deleteObject(own));
      },
    );

    test('the object is still there, unchanged', async () => {
      await env.withSecurityRulesDisabled(async (ctx) => {
        const storage = storageOf(ctx, object.bucket);
        expect(new Uint8Array(await getBytes(ref(storage, object.name)))).toEqual(BYTES);
        const { items } = await list(ref(storage, folderOf(object.name)));
        expect(items.map((item) => item.fullPath)).toEqual([object.name]);
      });
    });
  });
});

describe('the refusals are storage.rules evaluated, not an emulator default', () => {
  // A ruleset that lets a signed-in user read their own objects under proof/ and nothing else.
  const PROOF_RULES = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /proof/{uid}/{name} {
      allow get: if request.auth != null && request.auth.uid == uid;
    }
  }
}
`;
  const name = `proof/${LEARNER}/note.pdf`;

  /** Puts storage.rules back for whatever runs next, whatever a test left loaded. */
  afterAll(async () => {
    const back = await environment(STORAGE_RULES);
    await back.cleanup();
  });

  test('another ruleset allows exactly what it says; storage.rules back in place refuses it', async () => {
    const proof = await environment(PROOF_RULES);
    try {
      await seed(proof, 'submissions', name);
      const at = (ctx: RulesTestContext, object = name) =>
        ref(storageOf(ctx, 'submissions'), object);
      const learner = proof.authenticatedContext(LEARNER);

      expect(new Uint8Array(await getBytes(at(learner)))).toEqual(BYTES);
      await refused(getBytes(at(proof.authenticatedContext(INSTRUCTOR, { role: 'instructor' }))));
      await refused(getBytes(at(proof.unauthenticatedContext())));
      await refused(deleteObject(at(learner)));
      await refused(getBytes(at(learner, submission)));
    } finally {
      await proof.cleanup();
    }
    const back = await environment(STORAGE_RULES);
    try {
      await refused(
        getBytes(ref(storageOf(back.authenticatedContext(LEARNER), 'submissions'), name)),
      );
    } finally {
      await back.cleanup();
    }
  });

  test('a ruleset that does not compile is refused', async () => {
    await expect(
      environment(`rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /{all=**} { allow read: if request.auth.uid ==; }
  }
}
`),
    ).rejects.toThrow(/error updating rules/);
  });
});
