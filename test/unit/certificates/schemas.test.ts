import { Timestamp } from 'firebase-admin/firestore';
import {
  certificatePdfObjectPath,
  verificationUrl,
  type CertificateDoc,
} from '../../../shared/certificates/model';
import { PrintedFieldsSchema, VerifyResponseSchema } from '../../../shared/certificates/schemas';
import { verifyResponse } from '../../../shared/certificates/views';

const printed = {
  certificate_id: '7K3QX9M2R4TB',
  learner_name: 'Zoë Łukasiewicz',
  pathway_id: 'foundations-image-gen',
  pathway_title: 'Foundations of Image Generation',
  completion_date: '2026-11-22',
  duration_minutes: 270,
  difficulty: 'intermediate' as const,
  instructor_line: 'Instructor: Ada Lovelace',
  issuer_name: 'Pathwise',
  verification_url: 'https://pathwise.example/verify/7K3QX9M2R4TB',
};

describe('PrintedFieldsSchema', () => {
  it('accepts names in any script and trims them', () => {
    for (const name of ['Zoë Łukasiewicz', 'Иван Петров', '李雷', 'Ἀριστοτέλης', '김민준']) {
      expect(
        PrintedFieldsSchema.parse({ ...printed, learner_name: ` ${name} ` }).learner_name,
      ).toBe(name);
    }
  });

  it('rejects control characters, line breaks, empty and over-long values', () => {
    for (const learner_name of ['Ada\nLovelace', 'Ada\u0000', 'Ada\u2028Lovelace', '   ']) {
      expect(PrintedFieldsSchema.safeParse({ ...printed, learner_name }).success).toBe(false);
    }
    expect(
      PrintedFieldsSchema.safeParse({ ...printed, pathway_title: 'x'.repeat(201) }).success,
    ).toBe(false);
    expect(
      PrintedFieldsSchema.safeParse({ ...printed, certificate_id: '7k3qx9m2r4tb' }).success,
    ).toBe(false);
    expect(
      PrintedFieldsSchema.safeParse({ ...printed, verification_url: 'javascript:alert(1)' })
        .success,
    ).toBe(false);
  });
});

describe('paths and URLs', () => {
  it('keeps PDFs under certificates/ and prints a /verify/ URL', () => {
    expect(certificatePdfObjectPath('7K3QX9M2R4TB')).toBe('certificates/7K3QX9M2R4TB/1.pdf');
    expect(certificatePdfObjectPath('7K3QX9M2R4TB', 3)).toBe('certificates/7K3QX9M2R4TB/3.pdf');
    expect(verificationUrl('https://pathwise.example/', '7K3QX9M2R4TB')).toBe(
      'https://pathwise.example/verify/7K3QX9M2R4TB',
    );
  });
});

describe('verifyResponse', () => {
  const ts = (iso: string) => Timestamp.fromDate(new Date(iso));
  const doc: CertificateDoc = {
    ...printed,
    user_id: 'uid-1',
    enrollment_id: 'uid-1_foundations-image-gen',
    pdf_object_path: 'certificates/7K3QX9M2R4TB/1.pdf',
    pdf_sha256: 'a'.repeat(64),
    pdf_size_bytes: 40_000,
    credential: 'header.payload.signature',
    credential_key_id: 'kid-1',
    issued_at: ts('2026-11-22T10:00:00Z'),
    valid_until: ts('2027-11-22T10:00:00Z'),
    revoked_at: ts('2027-01-05T09:00:00Z'),
    revocation_reason: 'Issued in error',
    revoked_by: 'admin-1',
    supersedes: null,
    superseded_by: 'ABCDEFGH2345',
    superseded_at: ts('2027-01-04T09:00:00Z'),
    reissue_reason: null,
    reissued_by: null,
    created_at: ts('2026-11-22T10:00:00Z'),
    updated_at: ts('2027-01-05T09:00:00Z'),
  };

  it('carries every frozen field, the state, the reason and the links, and nothing internal', () => {
    const answer = verifyResponse(doc, new Date('2027-02-01T00:00:00Z'));
    expect(VerifyResponseSchema.parse(answer)).toEqual(answer);
    expect(answer).toMatchObject({
      ...printed,
      state: 'revoked',
      issued_at: '2026-11-22T10:00:00.000Z',
      valid_until: '2027-11-22T10:00:00.000Z',
      revoked_at: '2027-01-05T09:00:00.000Z',
      reason: 'Issued in error',
      superseded_by: 'ABCDEFGH2345',
      pdf_sha256: 'a'.repeat(64),
      credential: 'header.payload.signature',
    });
    expect(answer).not.toHaveProperty('user_id');
    expect(answer).not.toHaveProperty('revoked_by');
    expect(answer).not.toHaveProperty('pdf_object_path');
  });
});
