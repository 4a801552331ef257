import { CertificateCollections, type CertificateDoc } from '../../../shared/certificates/model';
import { MAIL_COLLECTION } from '../../../shared/email/model';
import type { ProgressEvent } from '../../../shared/events';
import { ProgressCollections, type EnrollmentDoc } from '../../../shared/progress/model';
import { api, call } from '../../helpers/api';
import { adminAuth, db } from '../../helpers/services';
import { createUser, type TestUser } from '../../helpers/auth';
import { buildPathway, type Tree, type TreeModule } from '../../helpers/catalog';
import { waitFor } from '../../helpers/wait';

export const r = (id: string) => `/api/v1/users/me/resources/${id}`;

/** A published pathway of two videos (unless said otherwise), and the instructor who owns it. */
export async function certificatePathway(
  instructor: TestUser,
  modules: TreeModule[] = [{ resources: [{ type: 'video' }, { type: 'video' }] }],
  rules?: Record<string, unknown>,
): Promise<Tree> {
  const tree = await buildPathway(instructor.token, modules, { publish: true });
  if (rules) {
    const set = await api(instructor.token).put(
      `/api/v1/pathways/${tree.pathwayId}/certificate-rules`,
      rules,
    );
    if (set.status !== 200) throw new Error(`rules: ${set.status} ${JSON.stringify(set.body)}`);
  }
  return tree;
}

/** A learner whose account carries `name`, the name certificates print. */
export async function learnerNamed(name: string): Promise<TestUser> {
  const learner = await createUser('learner');
  await adminAuth().updateUser(learner.uid, { displayName: name });
  return { ...learner, name };
}

/** Completes every resource of the pathway, one request each, as the learner would. */
export async function completeAll(learner: TestUser, tree: Tree): Promise<void> {
  for (const id of tree.modules.flatMap((m) => m.resources)) {
    const done = await api(learner.token).post(`${r(id)}/complete`);
    if (done.status !== 200) throw new Error(`complete ${id}: ${done.status}`);
  }
}

export async function enrollment(userId: string, pathwayId: string): Promise<EnrollmentDoc> {
  const snap = await db()
    .collection(ProgressCollections.enrollments)
    .doc(`${userId}_${pathwayId}`)
    .get();
  return snap.data() as EnrollmentDoc;
}

/** Waits until the learner's certificate for the pathway is issued (by the event function). */
export async function issuedCertificate(userId: string, pathwayId: string): Promise<string> {
  const done = await waitFor(
    () => enrollment(userId, pathwayId),
    (e) => e?.certificate?.status === 'issued',
    20_000,
  );
  return done.certificate?.certificate_id as string;
}

export async function certificatesOf(userId: string, pathwayId: string): Promise<CertificateDoc[]> {
  const snap = await db()
    .collection(CertificateCollections.certificates)
    .where('user_id', '==', userId)
    .where('pathway_id', '==', pathwayId)
    .get();
  return snap.docs.map((d) => d.data() as CertificateDoc);
}

export async function mailTo(email: string): Promise<{ id: string; data: any }[]> {
  const snap = await db().collection(MAIL_COLLECTION).where('to', '==', email).get();
  return snap.docs.map((d) => ({ id: d.id, data: d.data() }));
}

/** The certificate's PDF, fetched the way its learner does: a signed URL, then a plain GET. */
export async function downloadPdf(learner: TestUser, certificateId: string): Promise<Buffer> {
  const link = await api(learner.token).get(
    `/api/v1/users/me/certificates/${certificateId}/download`,
  );
  if (link.status !== 200) throw new Error(`download: ${link.status} ${JSON.stringify(link.body)}`);
  const response = await fetch(link.body.download_url);
  if (!response.ok) throw new Error(`signed GET: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** POST …/certificates/verify with these bytes, from one client address. */
export function verifyBytes(bytes: Uint8Array, clientAddress = '198.51.100.7') {
  return call('POST', '/api/v1/certificates/verify', {
    rawBody: bytes,
    headers: { 'Content-Type': 'application/pdf', 'X-Forwarded-For': clientAddress },
  });
}

/** The `pathway_completed` event the learner's last completion published, as its consumer gets it. */
export async function completionEvent(userId: string, pathwayId: string): Promise<ProgressEvent> {
  const done = await enrollment(userId, pathwayId);
  const enrollmentId = `${userId}_${pathwayId}`;
  return {
    type: 'pathway_completed',
    event_id: `pathway_completed:${enrollmentId}:${pathwayId}:${done.revision}`,
    user_id: userId,
    pathway_id: pathwayId,
    module_id: null,
    resource_id: null,
    old: { pathway_progress: 50, completed: false },
    new: { pathway_progress: 100, completed: true },
    outline_version: done.outline_version,
    request_id: 'test-duplicate-delivery',
    event_time: new Date().toISOString(),
  };
}
