import { Timestamp } from 'firebase-admin/firestore';
import type { PathwayDoc } from '../catalog/model';
import { outlineStats } from '../catalog/outline';
import type { Artifact } from './artifacts';
import { calendarDate } from './format';
import type { IssuerSettings } from './issuer';
import { verificationUrl, type CertificateDoc, type PrintedFields } from './model';

/** What a certificate prints, decided from the pathway and the learner at issue time. */
export interface PrintSources {
  certificateId: string;
  learnerName: string;
  pathwayId: string;
  pathway: Pick<PathwayDoc, 'title' | 'difficulty' | 'outline'>;
  /** The pathway owner's name; the certificate prints no instructor line without one. */
  instructorName: string | null;
  /** When the learner completed the pathway (the issue time when no completion is recorded). */
  completedAt: Date;
  settings: IssuerSettings;
}

/**
 * The printed fields, frozen into the certificate. The completion date is the UTC calendar date
 * (Pathwise keeps no time zone per learner); the duration is the pathway's total as the catalog
 * states it.
 */
export function printedFields(sources: PrintSources): PrintedFields {
  return {
    certificate_id: sources.certificateId,
    learner_name: sources.learnerName.normalize('NFC').trim(),
    pathway_id: sources.pathwayId,
    pathway_title: sources.pathway.title,
    completion_date: calendarDate(sources.completedAt, 'UTC'),
    duration_minutes: outlineStats(sources.pathway.outline).total_duration_minutes,
    difficulty: sources.pathway.difficulty,
    instructor_line: sources.instructorName ? `Instructor: ${sources.instructorName}` : null,
    issuer_name: sources.settings.issuerName,
    verification_url: verificationUrl(sources.settings.publicBaseUrl, sources.certificateId),
  };
}

/** The stored certificate: what it prints, the PDF's fingerprint and the signed credential. */
export function certificateDocument(args: {
  fields: PrintedFields;
  userId: string;
  enrollmentId: string;
  objectPath: string;
  artifact: Artifact;
  issuedAt: Date;
  validUntil: Date | null;
  now: Timestamp;
  reissue: { supersedes: string; reason: string; by: string } | null;
}): CertificateDoc {
  return {
    ...args.fields,
    user_id: args.userId,
    enrollment_id: args.enrollmentId,
    pdf_object_path: args.objectPath,
    pdf_sha256: args.artifact.sha256,
    pdf_size_bytes: args.artifact.bytes.byteLength,
    credential: args.artifact.jws,
    credential_key_id: args.artifact.kid,
    issued_at: Timestamp.fromDate(args.issuedAt),
    valid_until: args.validUntil ? Timestamp.fromDate(args.validUntil) : null,
    revoked_at: null,
    revocation_reason: null,
    revoked_by: null,
    supersedes: args.reissue?.supersedes ?? null,
    superseded_by: null,
    superseded_at: null,
    reissue_reason: args.reissue?.reason ?? null,
    reissued_by: args.reissue?.by ?? null,
    created_at: args.now,
    updated_at: args.now,
  };
}
