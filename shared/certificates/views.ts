import { iso, isoRequired } from '../time';
import type { CertificateDoc } from './model';
import type { VerifyResponse } from './schemas';
import { certificateState } from './state';

/** The public verify answer: every frozen field, the derived state and the lifecycle links. */
export function verifyResponse(doc: CertificateDoc, now: Date): VerifyResponse {
  const state = certificateState(doc, now);
  return {
    certificate_id: doc.certificate_id,
    state,
    learner_name: doc.learner_name,
    pathway_id: doc.pathway_id,
    pathway_title: doc.pathway_title,
    completion_date: doc.completion_date,
    duration_minutes: doc.duration_minutes,
    difficulty: doc.difficulty,
    instructor_line: doc.instructor_line,
    issuer_name: doc.issuer_name,
    verification_url: doc.verification_url,
    issued_at: isoRequired(doc.issued_at),
    valid_until: iso(doc.valid_until),
    revoked_at: iso(doc.revoked_at),
    reason: doc.revocation_reason,
    supersedes: doc.supersedes,
    superseded_by: doc.superseded_by,
    pdf_sha256: doc.pdf_sha256,
    credential: doc.credential,
  };
}
