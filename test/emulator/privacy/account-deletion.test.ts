import { api, call } from '../../helpers/api';
import { createUser } from '../../helpers/auth';
import { adminAuth, db, submissionsBucket, testServices } from '../../helpers/services';
import { pseudonymOf } from '../../../shared/privacy/pseudonym';
import { AccountDeletion, firebaseAuthUsers } from '../../../shared/privacy/account-deletion';
import { DeletionRecords } from '../../../shared/privacy/deletion-records';
import { PrivacyRepository } from '../../../shared/privacy/repository';
import {
  certificateOf,
  LEARNING_TEST_MS,
  learnSomething,
  namedLearner,
  privacyPathway,
  registeredLearner,
  uploadMedia,
  type Person,
  type PersonsMedia,
  type PrivacyPathway,
} from './fixture';
import { mentioning, scanFirestore } from './scan';
import { quotaDoc } from '../../helpers/quotas';

jest.setTimeout(LEARNING_TEST_MS);

/** Seed 000: account deletion anonymises everything that names the learner. */
let fx: PrivacyPathway;
beforeAll(async () => {
  fx = await privacyPathway();
});

const traces = (p: Person) => [p.email, p.name, p.surname, p.email.split('@')[0] as string];
const pseudonym = (uid: string) =>
  pseudonymOf(testServices().config.pseudonymSecret as string, uid);

async function expectErased(
  person: Person,
  submissionId: string,
  media?: PersonsMedia,
): Promise<void> {
  const everything = await scanFirestore(db());
  expect(everything.length).toBeGreaterThan(0);
  expect(mentioning(everything, traces(person)).map((d) => d.path)).toEqual([]);
  expect(mentioning(everything, [person.uid]).map((d) => d.path)).toEqual([]);
  await expect(adminAuth().getUser(person.uid)).rejects.toMatchObject({
    code: 'auth/user-not-found',
  });

  const anon = pseudonym(person.uid);
  const submission = (await db().collection('submissions').doc(submissionId).get()).data();
  expect(submission).toMatchObject({
    user_id: anon,
    file_name: 'file.png',
    notes: null,
    status: 'approved',
    review: { status: 'approved', comments: 'Lovely work, [deleted user]!' },
  });
  // The bytes stay (only an admin deletes them), under a name that says nothing.
  expect(submission?.object_path).toBe(`anonymised/${anon}/${submissionId}.png`);
  expect((await submissionsBucket().file(submission?.object_path).exists())[0]).toBe(true);
  const audit = await db().collection('auditLog').where('owner_uid', '==', anon).get();
  expect(audit.docs.map((d) => d.get('action'))).toEqual(
    expect.arrayContaining(['upload_url_issued', 'submission_reviewed', 'account_deleted']),
  );
  const certificates = await db().collection('certificates').where('user_id', '==', anon).get();
  expect(certificates.docs.map((d) => d.data())).toEqual([
    expect.objectContaining({
      learner_name: 'Former learner',
      credential: '',
      revocation_reason: 'The holder deleted their account',
    }),
  ]);
  const [pdfs] = await testServices().clients.certificatesBucket.getFiles({
    prefix: `certificates/${certificates.docs[0]?.id}/`,
  });
  expect(pdfs).toEqual([]);
  if (media) await expectMediaErased(person, media);
}

/** Unused media is gone, bytes and all; media a resource uses stays, readable, under the pseudonym. */
async function expectMediaErased(person: Person, media: PersonsMedia): Promise<void> {
  const anon = pseudonym(person.uid);
  expect((await db().collection('media').doc(media.avatar.id).get()).exists).toBe(false);
  expect((await submissionsBucket().file(media.avatar.objectPath).exists())[0]).toBe(false);
  const kept = (await db().collection('media').doc(media.attached.id).get()).data();
  expect(kept).toMatchObject({ owner_uid: anon, file_name: 'file.jpg', status: 'ready' });
  expect(kept?.object_path).toBe(media.attached.objectPath);
  expect((await submissionsBucket().file(media.attached.objectPath).exists())[0]).toBe(true);
  expect(await quotaDoc(person.uid)).toBeUndefined();
  // A learner of the pathway still reads the resource's image.
  const reader = await namedLearner();
  await api(reader.token).post(`/api/v1/pathways/${fx.pathwayId}/enroll`);
  const read = await api(reader.token).get(`/api/v1/media/${media.attached.id}/download`);
  expect(read.status).toBe(200);
  expect((await fetch(read.body.signed_url)).status).toBe(200);
}

describe('DELETE /api/v1/users/me', () => {
  it('leaves no email or name anywhere in Firestore, keeps the pathway aggregates, and answers the same again', async () => {
    const learner = await registeredLearner();
    const submissionId = await learnSomething(fx, learner);
    await certificateOf(learner.uid);
    const media = await uploadMedia(fx, learner);
    expect(await quotaDoc(learner.uid)).toHaveProperty('media');
    // Someone else in the same pathway, who must be untouched.
    const other = await namedLearner();
    await api(other.token).post(`/api/v1/pathways/${fx.pathwayId}/enroll`);

    const deleted = await api(learner.token).delete('/api/v1/users/me');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({
      deleted: true,
      state: 'completed',
      pseudonymous_id: pseudonym(learner.uid),
      runs: 1,
    });
    expect(deleted.body.steps).toContainEqual({ step: 'media', count: 3 });
    await expectErased(learner, submissionId, media);

    const aggregate = (await db().collection('anonymousProgress').doc(fx.pathwayId).get()).data();
    expect(aggregate).toMatchObject({
      pathway_id: fx.pathwayId,
      enrollments: 1,
      completed_enrollments: 1,
      resources_completed: 3,
      quiz_attempts: 1,
      certificates_issued: 1,
    });
    const others = await db().collection('enrollments').doc(`${other.uid}_${fx.pathwayId}`).get();
    expect(others.exists).toBe(true);
    expect((await adminAuth().getUser(other.uid)).email).toBe(other.email);

    // Signing in is over, and an admin asking again gets the finished record.
    const login = await call('POST', '/api/v1/auth/login', {
      body: { email: learner.email, password: 'test-password-1' },
    });
    expect(login.status).toBe(401);
    const admin = await createUser('admin');
    const again = await api(admin.token).delete(`/api/v1/admin/users/${learner.uid}`);
    expect(again.body).toEqual(deleted.body);
  });

  it('is finished by an admin after a run that died half-way', async () => {
    const learner = await namedLearner();
    const submissionId = await learnSomething(fx, learner);
    await certificateOf(learner.uid);
    const media = await uploadMedia(fx, learner);
    const s = testServices();
    // A media step that dies dropping the first bytes leaves every record for the next run.
    const lost = new Error('storage unreachable');
    await expect(
      new PrivacyRepository(s.clients.firestore).eraseMedia(
        learner.uid,
        pseudonym(learner.uid),
        [],
        () => Promise.reject(lost),
      ),
    ).rejects.toBe(lost);
    const avatar = await db().collection('media').doc(media.avatar.id).get();
    expect(avatar.get('owner_uid')).toBe(learner.uid);
    expect((await submissionsBucket().file(media.avatar.objectPath).exists())[0]).toBe(true);
    const crash = new Error('instance lost');
    const dying = new AccountDeletion(
      new DeletionRecords(s.clients.firestore),
      new PrivacyRepository(s.clients.firestore),
      {
        ...firebaseAuthUsers(s.clients.auth),
        remove: () => Promise.reject(crash),
      },
      s.users.directory,
      s.clients.submissionsBucket,
      s.clients.certificatesBucket,
      { append: () => Promise.resolve() } as never,
      s.config.pseudonymSecret as string,
    );
    const caller = {
      uid: learner.uid,
      role: 'learner' as const,
      email: learner.email,
      name: learner.name,
    };
    await expect(dying.deleteSelf(caller, {}, {}, { requestId: 'crash' })).rejects.toBe(crash);
    const halfway = (
      await db().collection('accountDeletions').doc(pseudonym(learner.uid)).get()
    ).data();
    expect(halfway).toMatchObject({ state: 'in_progress', runs: 1 });
    expect(Object.keys(halfway?.steps ?? {})).not.toContain('auth_user');

    const admin = await createUser('admin');
    const finished = await api(admin.token).delete(`/api/v1/admin/users/${learner.uid}`);
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ state: 'completed', runs: 2 });
    await expectErased(learner, submissionId, media);
  });

  it('lets only admins delete someone else, and refuses an unknown user or one who owns pathways', async () => {
    const learner = await namedLearner();
    const other = await namedLearner();
    expect((await api(learner.token).delete(`/api/v1/admin/users/${other.uid}`)).status).toBe(403);
    const admin = await createUser('admin');
    expect((await api(admin.token).delete('/api/v1/admin/users/nobody-at-all')).status).toBe(404);
    const owner = await api(admin.token).delete(`/api/v1/admin/users/${fx.instructor.uid}`);
    expect(owner.status).toBe(409);
    expect(owner.body.error.message).toContain(fx.pathwayId);
    expect((await adminAuth().getUser(fx.instructor.uid)).disabled).toBe(false);
  });
});
