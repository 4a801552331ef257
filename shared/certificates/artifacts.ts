import type { Bucket } from '@google-cloud/storage';
import { failedPrecondition, fromZod } from '../errors';
import { hasCode, HttpStatus } from '../platform/grpc';
import { buildOpenBadgeCredential, signCredential, type IssuerProfile } from './credential';
import type { FontLibrary } from './fonts';
import type { CredentialKeys, SigningKeyArchive } from './keys';
import type { PrintedFields } from './model';
import { renderCertificatePdf } from './pdf';
import { PrintedFieldsSchema } from './schemas';
import { UnsupportedCharactersError } from './text-layout';

/** Everything a certificate's PDF and credential are made from, decided before either is made. */
export interface ArtifactInput {
  fields: PrintedFields;
  issuedAt: Date;
  validUntil: Date | null;
  issuer: IssuerProfile;
  subjectId: string;
  achievementId: string;
  criteria: string;
}

export interface Artifact {
  bytes: Uint8Array;
  sha256: string;
  /** The signed credential (compact JWS) and the key that signed it. */
  jws: string;
  kid: string;
}

/** Signs the credential and renders the PDF that carries it. */
export class CertificateRenderer {
  constructor(
    private readonly fonts: FontLibrary,
    private readonly keys: CredentialKeys,
  ) {}

  /** A name or title that cannot be printed is the caller's to fix (409), never retried. */
  async render(input: ArtifactInput): Promise<Artifact> {
    const printable = PrintedFieldsSchema.safeParse(input.fields);
    if (!printable.success) {
      const problem = fromZod(printable.error, 'certificate');
      throw failedPrecondition(
        `The certificate cannot be printed: ${problem.message}`,
        problem.details,
      );
    }
    const credential = buildOpenBadgeCredential(input);
    const { jws, kid } = await signCredential(credential, await this.keys.signer());
    try {
      const pdf = await renderCertificatePdf(
        {
          fields: input.fields,
          issuedAt: input.issuedAt,
          validUntil: input.validUntil,
          credentialJws: jws,
        },
        this.fonts,
      );
      return { bytes: pdf.bytes, sha256: pdf.sha256, jws, kid };
    } catch (error) {
      if (!(error instanceof UnsupportedCharactersError)) throw error;
      throw failedPrecondition(`The certificate cannot be printed: ${error.message}`, [
        { path: 'certificate.learner_name', message: error.message },
      ]);
    }
  }
}

/** The certificates bucket: PDFs are written once per issuing attempt and read by signed URL. */
export class CertificateFiles {
  constructor(private readonly bucket: Bucket) {}

  async store(objectPath: string, bytes: Uint8Array, certificateId: string): Promise<void> {
    await this.bucket.file(objectPath).save(Buffer.from(bytes), {
      resumable: false,
      contentType: 'application/pdf',
      metadata: {
        contentDisposition: `attachment; filename="certificate-${certificateId}.pdf"`,
        metadata: { certificate_id: certificateId },
      },
    });
  }

  /** Removes what a losing attempt wrote; an object already gone is fine. */
  async remove(objectPath: string): Promise<void> {
    try {
      await this.bucket.file(objectPath).delete();
    } catch (error) {
      if (!hasCode(error, HttpStatus.NOT_FOUND)) throw error;
    }
  }

  async download(objectPath: string): Promise<Buffer> {
    const [bytes] = await this.bucket.file(objectPath).download();
    return bytes;
  }

  /** A short-lived V4 signed GET that saves the PDF under a readable name. */
  async downloadUrl(objectPath: string, certificateId: string, expires: Date): Promise<string> {
    const [url] = await this.bucket.file(objectPath).getSignedUrl({
      version: 'v4',
      action: 'read',
      expires,
      responseType: 'application/pdf',
      responseDisposition: `attachment; filename="certificate-${certificateId}.pdf"`,
    });
    return url;
  }
}

/**
 * Makes a certificate's artifacts: signs and renders, archives the signing key's public half
 * (so the credential stays verifiable after Google stops publishing it) and stores the PDF.
 */
export class CertificateArtifacts {
  constructor(
    private readonly renderer: CertificateRenderer,
    private readonly files: CertificateFiles,
    private readonly keys: SigningKeyArchive,
  ) {}

  async produce(input: ArtifactInput, objectPath: string): Promise<Artifact> {
    const artifact = await this.renderer.render(input);
    await this.keys.ensure(artifact.kid, new Date());
    await this.files.store(objectPath, artifact.bytes, input.fields.certificate_id);
    return artifact;
  }

  /** Removes the PDF of an attempt that did not become a certificate. */
  discard(objectPath: string): Promise<void> {
    return this.files.remove(objectPath);
  }
}
