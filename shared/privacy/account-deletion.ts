import type { Bucket } from '@google-cloud/storage';
import type { Auth } from 'firebase-admin/auth';
import { Timestamp } from 'firebase-admin/firestore';
import type { AuditLog } from '../audit';
import type { Caller } from '../auth';
import { failedPrecondition, notFound } from '../errors';
import { log, LogEvent } from '../log';
import { HttpStatus, hasCode } from '../platform/grpc';
import type { NoInput } from '../schemas/params';
import type { SubmissionDoc } from '../submissions/model';
import { QUARANTINE_PREFIX } from '../submissions/model';
import { isoRequired } from '../time';
import type { UserDirectory } from '../users/directory';
import type { RequestContext, ResponseOf } from '../use-case';
import { anonymisedObjectPath, remainingSteps } from './deletion-plan';
import type { DeletionRecords } from './deletion-records';
import { DELETION_STEPS, type DeletionDoc, type DeletionStep } from './model';
import { pseudonymOf } from './pseudonym';
import { anonymousFileName, identifiersOf, redactText, redactValue } from './redact';
import type { PrivacyRepository, SubmissionErasure } from './repository';
import type { AccountDeletedSchema, UserIdParams } from './schemas';

type Result = Promise<ResponseOf<typeof AccountDeletedSchema>>;

/** The account's Firebase Auth side: blocked first, deleted last. */
export interface AuthUsers {
  block(uid: string): Promise<boolean>;
  remove(uid: string): Promise<boolean>;
}

function isUserNotFound(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'auth/user-not-found';
}

/** Firebase Auth through firebase-admin; an account already gone counts as done. */
export function firebaseAuthUsers(auth: Auth): AuthUsers {
  return {
    async block(uid) {
      try {
        await auth.updateUser(uid, { disabled: true });
        await auth.revokeRefreshTokens(uid);
        return true;
      } catch (error) {
        if (isUserNotFound(error)) return false;
        throw error;
      }
    },
    async remove(uid) {
      try {
        await auth.deleteUser(uid);
        return true;
      } catch (error) {
        if (isUserNotFound(error)) return false;
        throw error;
      }
    },
  };
}

/**
 * Account deletion (seed 000: anonymise user data on deletion). The account's records either go
 * (profile, event stream, enrollments folded into anonymous per-pathway counts, undelivered
 * mail, media no resource uses) or stay under a pseudonymous id with no email, name or free text
 * that names the person (submissions, delivered mail, certificates, media in use, audit entries). Submitted files are kept, renamed
 * so their names say nothing; only an admin deletes them. A record in `accountDeletions/` drives
 * the steps: each step is idempotent and marked when done, so a run that dies half-way is
 * finished by the next (the learner's own retry within their token's hour, or an admin's).
 */
export class AccountDeletion {
  constructor(
    private readonly records: DeletionRecords,
    private readonly repo: PrivacyRepository,
    private readonly users: AuthUsers,
    private readonly directory: UserDirectory,
    private readonly submissionsBucket: Bucket,
    private readonly certificatesBucket: Bucket,
    private readonly audit: AuditLog,
    private readonly secret: string,
  ) {}

  deleteSelf(caller: Caller, _params: NoInput, _input: NoInput, ctx: RequestContext): Result {
    return this.run(caller.uid, caller, ctx);
  }

  deleteUser(caller: Caller, params: UserIdParams, _input: NoInput, ctx: RequestContext): Result {
    return this.run(params.uid, caller, ctx);
  }

  private async run(uid: string, caller: Caller, ctx: RequestContext): Result {
    const pseudonym = pseudonymOf(this.secret, uid);
    const existing = await this.records.deletion(pseudonym);
    if (existing?.state === 'completed') return view(existing);
    const [contact, profile] = await Promise.all([
      this.directory.contact(uid),
      this.repo.profile(uid),
    ]);
    if (!existing && !contact.email && !profile) throw notFound(`User ${uid}`);
    if (!existing) {
      const owned = await this.repo.owned(uid);
      const held = [
        ...owned.pathways.map((id) => `pathway ${id}`),
        ...owned.projects.map((id) => `course project ${id}`),
      ];
      if (held.length > 0) {
        throw failedPrecondition(
          `The account owns ${held.join(', ')}: give them to someone else before deleting it`,
        );
      }
    }
    const self = caller.uid === uid;
    const record = await this.records.beginRun(pseudonym, {
      pseudonym_or_uid: self ? pseudonym : caller.uid,
      role: self ? 'self' : caller.role,
    });
    const email = contact.email ?? stringOr(profile?.email);
    // The uid too: audit details and review texts may quote object paths, which contain it.
    const identifiers = [
      ...identifiersOf({ email, name: contact.name ?? stringOr(profile?.display_name) }),
      uid,
    ];
    const person = { uid, pseudonym, email, identifiers };
    for (const step of remainingSteps(record.steps)) {
      const count = await this.step(step, person);
      await this.records.stepDone(pseudonym, step, count);
      log.info(LogEvent.accountDeletionStep, `Account deletion: ${step} done`, {
        pseudonym,
        step,
        count,
        request_id: ctx.requestId,
      });
    }
    const done = await this.records.complete(pseudonym);
    await this.audit.append({
      action: 'account_deleted',
      actor: self ? { ...caller, uid: pseudonym } : caller,
      submissionId: null,
      submission: { user_id: pseudonym, pathway_id: null, resource_id: null },
      requestId: ctx.requestId,
      at: Timestamp.now(),
      details: { runs: done.runs },
    });
    log.info(LogEvent.accountDeleted, 'Account deleted', {
      pseudonym,
      runs: done.runs,
      request_id: ctx.requestId,
    });
    return view(done);
  }

  private async step(
    step: DeletionStep,
    p: { uid: string; pseudonym: string; email: string | null; identifiers: string[] },
  ): Promise<number> {
    switch (step) {
      case 'sign_in_blocked':
        return (await this.users.block(p.uid)) ? 1 : 0;
      case 'mail':
        return this.repo.eraseMail(p.uid, p.pseudonym, p.email);
      case 'submissions':
        return this.repo.eraseSubmissions(p.uid, (s) => this.anonymised(s, p));
      case 'certificates':
        return this.repo.eraseCertificates(p.uid, p.pseudonym, (id) =>
          this.certificatesBucket.deleteFiles({ prefix: `certificates/${id}/` }),
        );
      case 'media':
        return this.repo.eraseMedia(p.uid, p.pseudonym, p.identifiers, async (path) => {
          await this.submissionsBucket.file(path).delete({ ignoreNotFound: true });
          await this.submissionsBucket
            .file(`${QUARANTINE_PREFIX}${path}`)
            .delete({ ignoreNotFound: true });
        });
      case 'enrollments':
        return this.repo.foldEnrollments(p.uid);
      case 'audit':
        return this.repo.pseudonymiseAudit(p.uid, p.pseudonym, p.identifiers);
      case 'learner_model':
        return this.repo.eraseLearnerModel(p.uid);
      case 'profile':
        return this.repo.deleteProfile(p.uid);
      case 'auth_user':
        return (await this.users.remove(p.uid)) ? 1 : 0;
    }
  }

  /**
   * A submission under the pseudonym. Its bytes move to a name with neither uid nor file name:
   * copied, the old object deleted, then the record updated, so a re-run after a crash finds the
   * record unchanged and the copy (or the old object) where it left it.
   */
  private async anonymised(
    { id, doc }: SubmissionErasure,
    p: { pseudonym: string; identifiers: string[] },
  ): Promise<Partial<SubmissionDoc>> {
    const fileName = anonymousFileName(doc.file_name);
    const ext = fileName.includes('.') ? (fileName.split('.').pop() as string) : '';
    const target = anonymisedObjectPath(p.pseudonym, id, ext);
    await this.moveObject(doc.object_path, target);
    await this.moveObject(
      `${QUARANTINE_PREFIX}${doc.object_path}`,
      `${QUARANTINE_PREFIX}${target}`,
    );
    return {
      user_id: p.pseudonym,
      file_name: fileName,
      object_path: target,
      notes: null,
      rejection_reason: doc.rejection_reason && redactText(doc.rejection_reason, p.identifiers),
      review: redactValue(doc.review, p.identifiers),
      review_history: redactValue(doc.review_history, p.identifiers),
      updated_at: Timestamp.now(),
    };
  }

  private async moveObject(from: string, to: string): Promise<void> {
    try {
      await this.submissionsBucket.file(from).copy(this.submissionsBucket.file(to));
    } catch (error) {
      // Moved by an earlier run, or never there (an upload that never arrived or was purged).
      if (hasCode(error, HttpStatus.NOT_FOUND)) return;
      throw error;
    }
    await this.submissionsBucket.file(from).delete({ ignoreNotFound: true });
  }
}

function stringOr(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function view(doc: DeletionDoc): Awaited<Result> {
  return {
    deleted: true,
    pseudonymous_id: doc.pseudonym,
    state: doc.state,
    requested_at: isoRequired(doc.requested_at),
    completed_at: doc.completed_at ? isoRequired(doc.completed_at) : null,
    runs: doc.runs,
    steps: DELETION_STEPS.map((step) => ({ step, count: doc.steps[step]?.count ?? null })),
  };
}
