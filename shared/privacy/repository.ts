// Over 300 lines: the one module that erases a person across every feature's collections.
import {
  FieldPath,
  FieldValue,
  Timestamp,
  type DocumentReference,
  type DocumentSnapshot,
  type Firestore,
  type Query,
} from 'firebase-admin/firestore';
import { AUDIT_COLLECTION } from '../audit';
import { CatalogCollections } from '../catalog/model';
import { CertificateCollections, type CertificateDoc } from '../certificates/model';
import {
  MAIL_COLLECTION,
  SCHEDULED_COLLECTION,
  SUPPRESSIONS_COLLECTION,
  type EntityRef,
} from '../email/model';
import { suppressionId } from '../email/preferences';
import { GenerationCollections } from '../generation/model';
import { LearnerCollections } from '../learner/model';
import { MediaCollections, type MediaDoc } from '../media/model';
import { countReads, countWrites } from '../platform/io-stats';
import { ProgressCollections, type EnrollmentDoc } from '../progress/model';
import { SubmissionCollections, type SubmissionDoc } from '../submissions/model';
import { UploadQuotaStore } from '../submissions/quota-store';
import { USERS_COLLECTION } from '../users/roles';
import { contributionOf } from './aggregates';
import { ERASED_CERTIFICATE } from './deletion-plan';
import { PrivacyCollections } from './model';
import { anonymousFileName, redactValue } from './redact';

/** Documents changed per batch: well under Firestore's 500 writes per commit. */
const PAGE = 200;

/** A submission whose owner is gone, as the erasure rewrites it. */
export interface SubmissionErasure {
  id: string;
  doc: SubmissionDoc;
}

/**
 * Erasure must reach every collection that names a person: this is the one module that writes
 * them for it, by the collection names each feature's model declares. Every method is idempotent
 * (it works until its query matches nothing more), so a re-run after a crash finishes the job.
 */
export class PrivacyRepository {
  private readonly quotas: UploadQuotaStore;

  constructor(readonly firestore: Firestore) {
    this.quotas = new UploadQuotaStore(firestore);
  }

  private profileRef(uid: string): DocumentReference {
    return this.firestore.collection(USERS_COLLECTION).doc(uid);
  }

  async profile(uid: string): Promise<Record<string, unknown> | null> {
    countReads();
    const snap = await this.profileRef(uid).get();
    return snap.exists ? (snap.data() as Record<string, unknown>) : null;
  }

  /** Pathways and course projects the account owns (a few of each): someone must take them over. */
  async owned(uid: string): Promise<{ pathways: string[]; projects: string[] }> {
    const [pathways, projects] = await Promise.all([
      this.firestore
        .collection(CatalogCollections.pathways)
        .where('owner_uid', '==', uid)
        .limit(5)
        .select()
        .get(),
      this.firestore
        .collection(GenerationCollections.projects)
        .where('user_id', '==', uid)
        .limit(5)
        .select()
        .get(),
    ]);
    countReads(Math.max(1, pathways.size) + Math.max(1, projects.size));
    return { pathways: pathways.docs.map((d) => d.id), projects: projects.docs.map((d) => d.id) };
  }

  /** Runs `work` over pages of a query until it matches nothing more; the work must unmatch them. */
  private async drain(
    query: Query,
    work: (docs: DocumentSnapshot[]) => Promise<void>,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const snap = await query.limit(PAGE).get();
      countReads(Math.max(1, snap.size));
      if (snap.empty) return total;
      await work(snap.docs);
      total += snap.size;
    }
  }

  /**
   * Mail: what was delivered keeps its bookkeeping (template, category, when, the content's
   * hash) under the pseudonym, without address, message or the provider's answer; anything not
   * yet delivered or held by quiet hours is withdrawn.
   */
  async eraseMail(uid: string, pseudonym: string, email: string | null): Promise<number> {
    const mail = await this.drain(
      this.firestore.collection(MAIL_COLLECTION).where('pathwise.user_id', '==', uid),
      async (docs) => {
        const batch = this.firestore.batch();
        for (const doc of docs) {
          const delivery = doc.get('delivery') as { state?: string; attempts?: number } | null;
          if (delivery?.state !== 'SUCCESS') {
            batch.delete(doc.ref);
            continue;
          }
          const pathwise = doc.get('pathwise') as Record<string, unknown> & { entity: EntityRef };
          batch.set(doc.ref, {
            categories: doc.get('categories') as unknown,
            pathwise: {
              ...pathwise,
              user_id: pseudonym,
              // Welcome and enrolment mail are about `users/{uid}` and `enrollments/{uid}_{pathway}`.
              entity: { ...pathwise.entity, id: pathwise.entity.id.split(uid).join(pseudonym) },
            },
            delivery: {
              state: 'SUCCESS',
              attempts: delivery.attempts ?? 1,
              endTime: (doc.get('delivery.endTime') as unknown) ?? null,
            },
            erased_at: Timestamp.now(),
          });
        }
        countWrites(docs.length);
        await batch.commit();
      },
    );
    const held = await this.drain(
      this.firestore.collection(SCHEDULED_COLLECTION).where('document.pathwise.user_id', '==', uid),
      (docs) => this.deleteAll(docs),
    );
    let suppression = 0;
    if (email) {
      // The suppression outlives the account (keyed by the address's hash); its provider answer
      // may quote the address.
      const ref = this.firestore.collection(SUPPRESSIONS_COLLECTION).doc(suppressionId(email));
      countReads();
      const snap = await ref.get();
      if (snap.exists) {
        countWrites();
        await ref.update({ source: 'address erased with its account' });
        suppression = 1;
      }
    }
    return mail + held + suppression;
  }

  /**
   * Submissions stay (reviews and counts depend on them) under the pseudonym, without the notes
   * or the file's name; `rename` moves the bytes to a name that says neither.
   */
  async eraseSubmissions(
    uid: string,
    rewrite: (erasure: SubmissionErasure) => Promise<Partial<SubmissionDoc>>,
  ): Promise<number> {
    const submissions = this.firestore
      .collection(SubmissionCollections.submissions)
      .where('user_id', '==', uid);
    const count = await this.drain(submissions, async (docs) => {
      for (const doc of docs) {
        const fields = await rewrite({ id: doc.id, doc: doc.data() as SubmissionDoc });
        countWrites();
        await doc.ref.update(fields);
      }
    });
    const counters = await this.drain(
      this.firestore
        .collection(SubmissionCollections.counters)
        .where(FieldPath.documentId(), '>=', `${uid}_`)
        .where(FieldPath.documentId(), '<', `${uid}_\uf8ff`),
      async (docs) => this.deleteAll(docs),
    );
    await this.quotas.forget(uid, 'submissions');
    return count + counters;
  }

  /** Certificates stay as records of an issue, revoked, naming nobody; `dropFiles` removes PDFs. */
  async eraseCertificates(
    uid: string,
    pseudonym: string,
    dropFiles: (certificateId: string) => Promise<void>,
  ): Promise<number> {
    return this.drain(
      this.firestore.collection(CertificateCollections.certificates).where('user_id', '==', uid),
      async (docs) => {
        for (const doc of docs) {
          await dropFiles(doc.id);
          const cert = doc.data() as CertificateDoc;
          const now = Timestamp.now();
          countWrites();
          await doc.ref.update({
            user_id: pseudonym,
            enrollment_id: cert.enrollment_id.split(uid).join(pseudonym),
            learner_name: ERASED_CERTIFICATE.learner_name,
            credential: '',
            revoked_at: cert.revoked_at ?? now,
            revocation_reason: cert.revoked_at
              ? cert.revocation_reason
              : ERASED_CERTIFICATE.revocation_reason,
            revoked_by: cert.revoked_at ? cert.revoked_by : pseudonym,
            reissue_reason: null,
            updated_at: now,
          });
        }
      },
    );
  }

  /**
   * Media the person uploaded: an item no resource uses goes, bytes first (`dropObject`), then
   * its document, so a re-run after a crash finds the document and finishes; an item a resource
   * uses keeps its bytes (learners rely on them) under the pseudonym, without the uploader's file
   * name. The media quota goes too.
   */
  async eraseMedia(
    uid: string,
    pseudonym: string,
    identifiers: string[],
    dropObject: (objectPath: string) => Promise<void>,
  ): Promise<number> {
    const media = this.firestore.collection(MediaCollections.media);
    const resources = this.firestore.collection(CatalogCollections.resources);
    const usedBy = async (id: string) => {
      const snap = await resources.where('media_id', '==', id).limit(1).select().get();
      countReads();
      return !snap.empty;
    };
    const count = await this.drain(media.where('owner_uid', '==', uid), async (docs) => {
      for (const doc of docs) {
        const item = doc.data() as MediaDoc;
        if (!(await usedBy(doc.id))) await dropObject(item.object_path);
        await this.firestore.runTransaction(async (tx) => {
          countReads(2);
          const current = (await tx.get(doc.ref)).data() as MediaDoc | undefined;
          if (!current || current.owner_uid !== uid) return;
          const users = await tx.get(resources.where('media_id', '==', doc.id).limit(1).select());
          countWrites();
          if (users.empty) {
            tx.delete(doc.ref);
            return;
          }
          // In use; or attached after its bytes were dropped, and then the record explains the gap.
          tx.update(doc.ref, {
            owner_uid: pseudonym,
            file_name: anonymousFileName(current.file_name),
            rejection_reason:
              current.rejection_reason && redactValue(current.rejection_reason, identifiers),
            updated_at: Timestamp.now(),
          });
        });
      }
    });
    const hadQuota = await this.quotas.forget(uid, 'media');
    return count + (hadQuota ? 1 : 0);
  }

  /**
   * Enrollments become counts in their pathway's anonymous aggregate, then go with their quiz
   * attempts. Folding marks the enrollment in the same transaction, so a re-run after a crash
   * never counts one twice.
   */
  async foldEnrollments(uid: string): Promise<number> {
    return this.drain(
      this.firestore.collection(ProgressCollections.enrollments).where('user_id', '==', uid),
      async (docs) => {
        for (const doc of docs) {
          await this.firestore.runTransaction(async (tx) => {
            countReads();
            const current = await tx.get(doc.ref);
            const enrollment = current.data() as
              (EnrollmentDoc & { erasure_folded?: boolean }) | undefined;
            if (!enrollment || enrollment.erasure_folded) return;
            const add = contributionOf(enrollment);
            const aggregate = this.firestore
              .collection(PrivacyCollections.anonymousProgress)
              .doc(enrollment.pathway_id);
            countWrites(2);
            tx.set(
              aggregate,
              {
                pathway_id: enrollment.pathway_id,
                ...Object.fromEntries(
                  Object.entries(add).map(([k, v]) => [k, FieldValue.increment(v)]),
                ),
                updated_at: Timestamp.now(),
              },
              { merge: true },
            );
            tx.update(doc.ref, { erasure_folded: true });
          });
          countWrites();
          await this.firestore.recursiveDelete(doc.ref);
        }
      },
    );
  }

  /** Audit entries keep what happened and when, with the pseudonym for the person. */
  async pseudonymiseAudit(uid: string, pseudonym: string, identifiers: string[]): Promise<number> {
    const audit = this.firestore.collection(AUDIT_COLLECTION);
    let total = 0;
    for (const field of ['owner_uid', 'actor_uid'] as const) {
      total += await this.drain(audit.where(field, '==', uid), async (docs) => {
        const batch = this.firestore.batch();
        for (const doc of docs) {
          batch.update(doc.ref, {
            [field]: pseudonym,
            details: redactValue(doc.get('details') as unknown, identifiers),
          });
        }
        countWrites(docs.length);
        await batch.commit();
      });
    }
    return total;
  }

  /**
   * The learner model derived from the person's stream: the folded profile, recommendations,
   * goals, diagnostic attempts and learning paths with their versions. Nothing in it is an
   * aggregate over learners, so nothing is kept.
   */
  async eraseLearnerModel(uid: string): Promise<number> {
    const db = this.firestore;
    let total = 0;
    for (const name of [
      LearnerCollections.recommendations,
      LearnerCollections.goals,
      LearnerCollections.assessmentAttempts,
    ]) {
      total += await this.drain(db.collection(name).where('user_id', '==', uid), (docs) =>
        this.deleteAll(docs),
      );
    }
    const paths = await db
      .collection(LearnerCollections.learningPaths)
      .orderBy(FieldPath.documentId())
      .startAt(`${uid}_`)
      .endAt(`${uid}_\uf8ff`)
      .get();
    countReads(Math.max(1, paths.size));
    for (const doc of paths.docs) await db.recursiveDelete(doc.ref);
    const profile = db.collection(LearnerCollections.profiles).doc(uid);
    countReads();
    const hadProfile = (await profile.get()).exists;
    if (hadProfile) await profile.delete();
    countWrites(paths.size + (hadProfile ? 1 : 0));
    return total + paths.size + (hadProfile ? 1 : 0);
  }

  /** The profile with everything under it: preferences, the event stream, daily aggregates. */
  async deleteProfile(uid: string): Promise<number> {
    const ref = this.profileRef(uid);
    countReads();
    const existed = (await ref.get()).exists;
    countWrites();
    await this.firestore.recursiveDelete(ref);
    return existed ? 1 : 0;
  }

  private async deleteAll(docs: DocumentSnapshot[]): Promise<void> {
    const batch = this.firestore.batch();
    for (const doc of docs) batch.delete(doc.ref);
    countWrites(docs.length);
    await batch.commit();
  }
}
