import type { Timestamp } from 'firebase-admin/firestore';

/**
 * The certificate model: one document per issued certificate, `certificates/{id}`, whose id is
 * the public verification code (see ids.ts). Everything the PDF prints and the credential states
 * is frozen into the document at issue time, so a later rename of the pathway or the learner
 * never changes what an issued certificate says; a correction is a reissue (a new certificate
 * that `supersedes` the old one), never an edit.
 */

/**
 * `certificates/{id}` and `certificateSigningKeys/{kid}`: the public key of every key that ever
 * signed a credential, kept because Google stops publishing a managed key soon after its last use.
 */
export const CertificateCollections = {
  certificates: 'certificates',
  signingKeys: 'certificateSigningKeys',
} as const;

export const CERTIFICATE_STATES = ['valid', 'expired', 'revoked', 'superseded'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

export type Difficulty = 'beginner' | 'intermediate' | 'advanced';

/** The fields the PDF prints and the credential carries, frozen at issue time. */
export interface PrintedFields {
  certificate_id: string;
  learner_name: string;
  pathway_id: string;
  pathway_title: string;
  /** Calendar date of completion in the learner's time zone, `YYYY-MM-DD`. */
  completion_date: string;
  /** The pathway's total duration as the catalog stated it when the certificate was issued. */
  duration_minutes: number;
  difficulty: Difficulty | null;
  /** Printed as is, e.g. `Instructor: Ada Lovelace`; null prints nothing. */
  instructor_line: string | null;
  /** Who issues the certificate, e.g. `Pathwise`. */
  issuer_name: string;
  /** The public page printed under the QR code, which encodes the same URL. */
  verification_url: string;
}

export interface CertificateDoc extends PrintedFields {
  user_id: string;
  enrollment_id: string;
  /** Object path of the PDF in the certificates bucket. */
  pdf_object_path: string;
  /** Lowercase hex SHA-256 of the exact PDF bytes: what makes an edited PDF detectable. */
  pdf_sha256: string;
  pdf_size_bytes: number;
  /** The Open Badges 3.0 credential as a VC-JOSE compact JWS. */
  credential: string;
  /** Key id of the key that signed `credential` (JWS header `kid`). */
  credential_key_id: string;
  issued_at: Timestamp;
  /** Issue time plus the pathway's `valid_for_days`; null never expires. */
  valid_until: Timestamp | null;
  revoked_at: Timestamp | null;
  /** Shown publicly on the verify page and in the verify answer. */
  revocation_reason: string | null;
  revoked_by: string | null;
  /** The certificate this one replaces after a correction. */
  supersedes: string | null;
  /** The certificate that replaced this one. */
  superseded_by: string | null;
  superseded_at: Timestamp | null;
  /** Why an administrator reissued the certificate this one supersedes; null for a first issue. */
  reissue_reason: string | null;
  reissued_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * The certificate state an enrollment carries (`enrollments/{id}.certificate`), written in the
 * transactions that decide it. While a certificate is being made the enrollment holds its
 * reserved id and a lease: one worker renders at a time, and a worker that died is replaced
 * once its lease ends (the next attempt writes its own PDF object, so a late worker can never
 * overwrite what another issued).
 */
export interface EnrollmentCertificate {
  certificate_id: string;
  status: 'issuing' | 'issued' | 'revoked';
  attempt: number;
  lease_until: Timestamp | null;
  issued_at: Timestamp | null;
  verification_url: string;
}

/** Where the PDF of one issuing attempt lives in the certificates bucket. */
export function certificatePdfObjectPath(certificateId: string, attempt = 1): string {
  return `certificates/${certificateId}/${attempt}.pdf`;
}

/** The URL printed under and encoded in the QR code: the human-readable verify page. */
export function verificationUrl(publicBaseUrl: string, certificateId: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/verify/${certificateId}`;
}
