import { FieldPath, type DocumentSnapshot, type Firestore } from 'firebase-admin/firestore';
import { CertificateCollections } from '../certificates/model';
import { LearnerCollections } from '../learner/model';
import { MediaCollections } from '../media/model';
import { countReads } from '../platform/io-stats';
import { ProgressCollections } from '../progress/model';
import { SubmissionCollections } from '../submissions/model';
import { USERS_COLLECTION } from '../users/roles';

/** What an export holds: every document of the learner's, as stored. */
export interface LearnerRecords {
  profile: Record<string, unknown> | null;
  enrollments: { id: string; doc: Record<string, unknown>; quiz_attempts: unknown[] }[];
  submissions: { id: string; doc: Record<string, unknown> }[];
  certificates: { id: string; doc: Record<string, unknown> }[];
  /** The media the learner uploaded (e.g. avatars): its records, not its bytes. */
  media: { id: string; doc: Record<string, unknown> }[];
  events: unknown[];
}

/** The export's reads: one learner's documents across the features that keep them. */
export class LearnerRecordsReader {
  constructor(private readonly firestore: Firestore) {}

  private profileRef(uid: string) {
    return this.firestore.collection(USERS_COLLECTION).doc(uid);
  }

  async of(uid: string): Promise<LearnerRecords> {
    const byUser = (collection: string) =>
      this.firestore.collection(collection).where('user_id', '==', uid).get();
    const [profile, enrollments, submissions, certificates, media, events] = await Promise.all([
      this.profileRef(uid).get(),
      byUser(ProgressCollections.enrollments),
      byUser(SubmissionCollections.submissions),
      byUser(CertificateCollections.certificates),
      this.firestore.collection(MediaCollections.media).where('owner_uid', '==', uid).get(),
      this.profileRef(uid)
        .collection(LearnerCollections.events)
        .orderBy(FieldPath.documentId())
        .get(),
    ]);
    const attempts = await Promise.all(
      enrollments.docs.map((d) =>
        d.ref.collection(ProgressCollections.quizAttempts).orderBy(FieldPath.documentId()).get(),
      ),
    );
    countReads(
      1 +
        enrollments.size +
        submissions.size +
        certificates.size +
        media.size +
        events.size +
        attempts.reduce((n, a) => n + a.size, 0),
    );
    const docs = (snap: { docs: DocumentSnapshot[] }) =>
      snap.docs.map((d) => ({ id: d.id, doc: d.data() as Record<string, unknown> }));
    return {
      profile: profile.exists ? (profile.data() as Record<string, unknown>) : null,
      enrollments: enrollments.docs.map((d, i) => ({
        id: d.id,
        doc: d.data(),
        quiz_attempts: (attempts[i]?.docs ?? []).map((a) => ({ id: a.id, ...a.data() })),
      })),
      submissions: docs(submissions),
      certificates: docs(certificates),
      media: docs(media),
      events: events.docs.map((d) => d.data()),
    };
  }
}
