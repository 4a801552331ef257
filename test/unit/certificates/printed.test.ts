import { Timestamp } from 'firebase-admin/firestore';
import { certificateDocument, printedFields } from '../../../shared/certificates/printed';
import { PrintedFieldsSchema } from '../../../shared/certificates/schemas';

const settings = { publicBaseUrl: 'https://learn.example', issuerName: 'Pathwise' };
const pathway = {
  title: 'Foundations of Image Generation',
  difficulty: 'intermediate' as const,
  outline: {
    modules: [
      {
        module_id: 'm1',
        title: 'One',
        required_count: null,
        resources: [
          {
            resource_id: 'r1',
            type: 'video' as const,
            title: 'a',
            required: true,
            duration_minutes: 45,
            requires_upload: false,
          },
          {
            resource_id: 'r2',
            type: 'article' as const,
            title: 'b',
            required: false,
            duration_minutes: 15,
            requires_upload: false,
          },
        ],
      },
      {
        module_id: 'm2',
        title: 'Two',
        required_count: null,
        resources: [
          {
            resource_id: 'r3',
            type: 'quiz' as const,
            title: 'c',
            required: true,
            duration_minutes: 210,
            requires_upload: false,
          },
        ],
      },
    ],
  },
};

const sources = {
  certificateId: '7K3QX9M2R4TB',
  learnerName: '  Zoe\u0308 Łukasiewicz ',
  pathwayId: 'foundations-image-gen',
  pathway,
  instructorName: 'Ada Lovelace',
  completedAt: new Date('2026-11-22T23:30:00Z'),
  settings,
};

describe('printedFields', () => {
  it('freezes what the certificate prints, ready for the printed-fields check', () => {
    const fields = printedFields(sources);
    expect(fields).toEqual({
      certificate_id: '7K3QX9M2R4TB',
      // NFC: the combining diaeresis becomes ë, so every reader sees one character.
      learner_name: 'Zoë Łukasiewicz',
      pathway_id: 'foundations-image-gen',
      pathway_title: 'Foundations of Image Generation',
      completion_date: '2026-11-22',
      duration_minutes: 270,
      difficulty: 'intermediate',
      instructor_line: 'Instructor: Ada Lovelace',
      issuer_name: 'Pathwise',
      verification_url: 'https://learn.example/verify/7K3QX9M2R4TB',
    });
    expect(PrintedFieldsSchema.parse(fields)).toEqual(fields);
  });

  it('prints no instructor line when the owner has no name', () => {
    expect(printedFields({ ...sources, instructorName: null }).instructor_line).toBeNull();
  });
});

describe('certificateDocument', () => {
  const now = Timestamp.fromDate(new Date('2026-11-23T08:00:00Z'));
  const artifact = { bytes: new Uint8Array(1234), sha256: 'c'.repeat(64), jws: 'h.p.s', kid: 'k1' };
  const base = {
    fields: printedFields(sources),
    userId: 'uid-1',
    enrollmentId: 'uid-1_foundations-image-gen',
    objectPath: 'certificates/7K3QX9M2R4TB/1.pdf',
    artifact,
    issuedAt: new Date('2026-11-23T08:00:00Z'),
    validUntil: null,
    now,
  };

  it('stores the fields with the PDF fingerprint, the credential and a fresh lifecycle', () => {
    expect(certificateDocument({ ...base, reissue: null })).toMatchObject({
      certificate_id: '7K3QX9M2R4TB',
      learner_name: 'Zoë Łukasiewicz',
      pdf_object_path: 'certificates/7K3QX9M2R4TB/1.pdf',
      pdf_sha256: 'c'.repeat(64),
      pdf_size_bytes: 1234,
      credential: 'h.p.s',
      credential_key_id: 'k1',
      valid_until: null,
      revoked_at: null,
      supersedes: null,
      superseded_by: null,
      reissue_reason: null,
    });
  });

  it('links a correction to the certificate it replaces', () => {
    const validUntil = new Date('2027-11-23T08:00:00Z');
    const doc = certificateDocument({
      ...base,
      validUntil,
      reissue: { supersedes: 'ABCDEFGH2345', reason: 'Legal name', by: 'admin-1' },
    });
    expect(doc).toMatchObject({
      supersedes: 'ABCDEFGH2345',
      reissue_reason: 'Legal name',
      reissued_by: 'admin-1',
    });
    expect(doc.valid_until?.toDate()).toEqual(validUntil);
  });
});
