import { Timestamp } from 'firebase-admin/firestore';
import { buildOpenBadgeCredential, signCredential } from '../../../shared/certificates/credential';
import { FontLibrary } from '../../../shared/certificates/fonts';
import type { PrintedFields } from '../../../shared/certificates/model';
import { renderCertificatePdf } from '../../../shared/certificates/pdf';
import { LocalJwsSigner } from '../../../shared/certificates/signers';
import {
  MAX_VERIFY_PDF_BYTES,
  pdfSha256,
  verifyPdf,
  type CertificateLookup,
} from '../../../shared/certificates/verify-pdf';
import { AppError, errorMapping } from '../../../shared/errors';
import { sampleFields, sampleCredentialParts } from '../../helpers/certificate-fields';

const fields: PrintedFields = { ...sampleFields, difficulty: 'advanced' };
const now = new Date('2027-03-01T00:00:00Z');

type Issued = NonNullable<Awaited<ReturnType<CertificateLookup>>>;
let pdf: Uint8Array;
let jws: string;
let issued: Map<string, Issued>;
const fonts = new FontLibrary();
const issuedAt = new Date('2026-11-22T10:00:00Z');
const lookup: CertificateLookup = async (sha256) => issued.get(sha256) ?? null;

beforeAll(async () => {
  const signer = await LocalJwsSigner.generate();
  const credential = buildOpenBadgeCredential({
    fields,
    ...sampleCredentialParts,
    issuedAt,
    validUntil: null,
  });
  ({ jws } = await signCredential(credential, signer));
  const rendered = await renderCertificatePdf(
    { fields, issuedAt, validUntil: null, credentialJws: jws },
    fonts,
  );
  pdf = rendered.bytes;
  issued = new Map([
    [
      rendered.sha256,
      {
        certificate_id: fields.certificate_id,
        verification_url: fields.verification_url,
        revoked_at: null,
        superseded_by: null,
        valid_until: null,
      },
    ],
  ]);
});

describe('verifyPdf', () => {
  it('recognises the exact bytes it issued, with the certificate and its state', async () => {
    expect(await verifyPdf(pdf, lookup, now)).toEqual({
      authentic: true,
      pdf_sha256: pdfSha256(pdf),
      certificate_id: '7K3QX9M2R4TB',
      state: 'valid',
      verification_url: fields.verification_url,
    });
  });

  it('reports an edited PDF as not authentic, whichever byte changed', async () => {
    const positions = [
      0,
      9,
      Math.floor(pdf.length / 3),
      Math.floor(pdf.length / 2),
      pdf.length - 1,
    ];
    for (const position of positions) {
      const edited = Uint8Array.from(pdf);
      edited[position] = (edited[position] as number) ^ 0x01;
      expect(await verifyPdf(edited, lookup, now)).toEqual({
        authentic: false,
        pdf_sha256: pdfSha256(edited),
        certificate_id: null,
        state: null,
        verification_url: null,
      });
    }
  });

  it('reports a forgery as not authentic even when it carries the genuine signed credential', async () => {
    // The Moodle complaint: the level changed (advanced → beginner), everything else genuine.
    const forged = await renderCertificatePdf(
      {
        fields: { ...fields, difficulty: 'beginner' },
        issuedAt,
        validUntil: null,
        credentialJws: jws,
      },
      fonts,
    );
    expect(await verifyPdf(forged.bytes, lookup, now)).toMatchObject({
      authentic: false,
      certificate_id: null,
    });
  });

  it('reports bytes appended after the end of the file as not authentic', async () => {
    const appended = new Uint8Array(pdf.length + 1);
    appended.set(pdf);
    appended[pdf.length] = 0x0a;
    expect((await verifyPdf(appended, lookup, now)).authentic).toBe(false);
  });

  it('gives the state of an authentic but revoked or superseded certificate', async () => {
    const sha = pdfSha256(pdf);
    const entry = issued.get(sha);
    issued.set(sha, {
      ...entry!,
      revoked_at: Timestamp.fromDate(new Date('2027-01-01T00:00:00Z')),
    });
    expect(await verifyPdf(pdf, lookup, now)).toMatchObject({ authentic: true, state: 'revoked' });
    issued.set(sha, { ...(entry as Issued), superseded_by: 'ABCDEFGH2345' });
    expect(await verifyPdf(pdf, lookup, now)).toMatchObject({
      authentic: true,
      state: 'superseded',
    });
    issued.set(sha, entry as Issued);
  });

  it('refuses more than 5 MB with a 413', async () => {
    const attempt = verifyPdf(new Uint8Array(MAX_VERIFY_PDF_BYTES + 1), lookup, now);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(errorMapping.payload_too_large.http).toBe(413);
  });
});
