import { randomUUID } from 'node:crypto';
import { api, call, ownClientAddress } from '../../helpers/api';
import { createUser, signIn, TEST_PASSWORD, type TestUser } from '../../helpers/auth';
import { buildPathway } from '../../helpers/catalog';
import { fileBytes } from '../../helpers/files';
import { adminAuth, db } from '../../helpers/services';
import { waitFor } from '../../helpers/wait';
import { uploadReal } from '../media/fixture';
import { put, settled } from '../submissions/fixture';

/**
 * A learner with something of everything: a registered account (profile, welcome mail), an
 * enrollment with a completed video and a quiz attempt, a reviewed PNG submission whose file
 * and review both name them, and the learner events their progress produced.
 */
export interface PrivacyPathway {
  instructor: TestUser;
  pathwayId: string;
  video: string;
  quiz: string;
  exercise: string;
}

export async function privacyPathway(): Promise<PrivacyPathway> {
  const instructor = await createUser('instructor');
  const tree = await buildPathway(
    instructor.token,
    [
      {
        resources: [
          { type: 'video' },
          {
            type: 'quiz',
            quiz: {
              passing_score: 50,
              questions: [{ id: 'q1', prompt: 'Pick b', options: ['a', 'b'], correct: [1] }],
            },
          },
          {
            type: 'exercise',
            requires_upload: true,
            accepted_file_types: ['image/png'],
            max_file_size_mb: 5,
          },
        ],
      },
    ],
    { publish: true },
  );
  const [video, quiz, exercise] = tree.modules[0]?.resources as [string, string, string];
  return { instructor, pathwayId: tree.pathwayId, video, quiz, exercise };
}

export interface Person extends TestUser {
  surname: string;
}

const unique = () => randomUUID().replace(/-/g, '').slice(0, 10);

/** A learner through `POST /api/v1/auth/register`: a profile, a welcome mail, a learner role. */
export async function registeredLearner(): Promise<Person> {
  const surname = `Quillfeather${unique()}`;
  const email = `privacy-${unique()}@test.pathwise.dev`;
  const name = `Zephyrine ${surname}`;
  const registered = await call('POST', '/api/v1/auth/register', {
    headers: ownClientAddress(),
    body: { email, password: TEST_PASSWORD, full_name: name },
  });
  expect(registered.status).toBe(201);
  return {
    uid: registered.body.user.uid,
    email,
    name,
    role: 'learner',
    token: registered.body.id_token,
    surname,
  };
}

/** A learner made with the Admin SDK (no registration limit), with a name of their own. */
export async function namedLearner(): Promise<Person> {
  const surname = `Marrowdew${unique()}`;
  const email = `privacy-${unique()}@test.pathwise.dev`;
  const name = `Octavian ${surname}`;
  const { uid } = await adminAuth().createUser({
    email,
    password: TEST_PASSWORD,
    displayName: name,
  });
  return { uid, email, name, role: 'learner', token: await signIn(email, TEST_PASSWORD), surname };
}

/** Enrols, completes the video, answers the quiz, uploads a PNG named after the learner, and has it reviewed by name. */
/**
 * The test timeout for a test that learns something and waits for the certificate: it waits on
 * three event chains (upload finalize, learner events, certificate issuance), each bounded by
 * `waitFor`'s own 30 s, and on a loaded two-core CI machine each can take much of that.
 */
export const LEARNING_TEST_MS = 120_000;

export async function learnSomething(fx: PrivacyPathway, person: Person): Promise<string> {
  const client = api(person.token);
  expect((await client.post(`/api/v1/pathways/${fx.pathwayId}/enroll`)).status).toBe(201);
  expect((await client.post(`/api/v1/users/me/resources/${fx.video}/complete`)).status).toBe(200);
  const attempt = await client.post(`/api/v1/users/me/resources/${fx.quiz}/quiz-attempts`, {
    answers: { q1: [1] },
  });
  expect(attempt.status).toBe(201);
  const bytes = fileBytes('png', 1024);
  const opened = await client.post(`/api/v1/users/me/resources/${fx.exercise}/upload`, {
    file_name: `${person.surname} mood board.png`,
    content_type: 'image/png',
    size_bytes: bytes.length,
    notes: `Made by ${person.name}, ${person.email}`,
  });
  expect(opened.status).toBe(201);
  expect((await put(opened.body.upload, bytes)).status).toBe(200);
  const id = opened.body.submission_id as string;
  expect((await settled(id)).status).toBe('uploaded');
  const reviewed = await api(fx.instructor.token).post(`/api/v1/admin/submissions/${id}/review`, {
    submission_status: 'approved',
    review_comments: `Lovely work, ${person.name.split(' ')[0]} ${person.surname}!`,
    grade: 'pass',
  });
  expect(reviewed.status).toBe(200);
  // The learner events the progress produced arrive through Pub/Sub: wait, so none lands later.
  await waitFor(
    async () => (await db().collection('users').doc(person.uid).collection('events').get()).size,
    (n) => n >= 3,
  );
  return id;
}

/** Waits until the learner's certificate for the pathway exists (completing it issues one). */
export async function certificateOf(uid: string): Promise<Record<string, any>> {
  const snap = await waitFor(
    () => db().collection('certificates').where('user_id', '==', uid).get(),
    (s) => s.docs.some((d) => d.get('pdf_sha256')),
  );
  return { id: snap.docs[0]?.id, ...snap.docs[0]?.data() };
}

export interface PersonsMedia {
  /** An avatar no resource uses: erasure deletes it, bytes and all. */
  avatar: { id: string; objectPath: string };
  /** An image an admin attached to the pathway's video: erasure keeps its bytes, nameless. */
  attached: { id: string; objectPath: string };
}

/** Two images the learner uploads through the real signed-URL flow, named after them; an admin attaches one. */
export async function uploadMedia(fx: PrivacyPathway, person: Person): Promise<PersonsMedia> {
  const avatar = await uploadReal(person.token, 'image', 'pic.png', {
    as: `${person.surname} avatar.png`,
  });
  const attached = await uploadReal(person.token, 'image', 'pic.jpg', {
    as: `${person.name} diagram.jpg`,
  });
  expect([avatar.doc.status, attached.doc.status]).toEqual(['ready', 'ready']);
  const admin = await createUser('admin');
  const patched = await api(admin.token).patch(`/api/v1/resources/${fx.video}`, {
    media_id: attached.id,
  });
  expect(patched.status).toBe(200);
  return {
    avatar: { id: avatar.id, objectPath: avatar.doc.object_path },
    attached: { id: attached.id, objectPath: attached.doc.object_path },
  };
}
