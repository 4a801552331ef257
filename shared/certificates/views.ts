import { iso, isoRequired } from '../time';
import type { ResponseOf } from '../use-case';
import type { CertificateDoc, PrintedFields } from './model';
import type { CertificateSummarySchema, VerifyResponse } from './schemas';
import { certificateState } from './state';

/** The fields a stored certificate printed, as they were frozen. */
export function printedOf(doc: CertificateDoc): PrintedFields {
  return {
    certificate_id: doc.certificate_id,
    learner_name: doc.learner_name,
    pathway_id: doc.pathway_id,
    pathway_title: doc.pathway_title,
    completion_date: doc.completion_date,
    duration_minutes: doc.duration_minutes,
    difficulty: doc.difficulty,
    instructor_line: doc.instructor_line,
    issuer_name: doc.issuer_name,
    verification_url: doc.verification_url,
  };
}

/** The lifecycle every answer about a certificate carries: state, dates, reason and links. */
function lifecycle(doc: CertificateDoc, now: Date) {
  return {
    state: certificateState(doc, now),
    issued_at: isoRequired(doc.issued_at),
    valid_until: iso(doc.valid_until),
    revoked_at: iso(doc.revoked_at),
    reason: doc.revocation_reason,
    supersedes: doc.supersedes,
    superseded_by: doc.superseded_by,
    pdf_sha256: doc.pdf_sha256,
  };
}

/** The public verify answer: every frozen field, the derived state and the lifecycle links. */
export function verifyResponse(doc: CertificateDoc, now: Date): VerifyResponse {
  return { ...printedOf(doc), ...lifecycle(doc, now), credential: doc.credential };
}

/** A certificate as its learner sees it. */
export function certificateSummary(
  doc: CertificateDoc,
  now: Date,
): ResponseOf<typeof CertificateSummarySchema> {
  return {
    certificate_id: doc.certificate_id,
    enrollment_id: doc.enrollment_id,
    pathway_id: doc.pathway_id,
    pathway_title: doc.pathway_title,
    learner_name: doc.learner_name,
    completion_date: doc.completion_date,
    ...lifecycle(doc, now),
    verification_url: doc.verification_url,
    certificate_url: doc.verification_url,
  };
}
