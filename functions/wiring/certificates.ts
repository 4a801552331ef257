import {
  CertificateArtifacts,
  CertificateFiles,
  CertificateRenderer,
} from '../../shared/certificates/artifacts';
import { EligibilityReader } from '../../shared/certificates/eligibility-reader';
import { FontLibrary } from '../../shared/certificates/fonts';
import { CertificateIssuance } from '../../shared/certificates/issuance';
import {
  googleCredentialKeys,
  localCredentialKeys,
  SigningKeyArchive,
  type CredentialKeys,
} from '../../shared/certificates/keys';
import { LearnerCertificates } from '../../shared/certificates/learner-certificates';
import { CertificateLifecycle } from '../../shared/certificates/lifecycle';
import { CertificateNotices } from '../../shared/certificates/notices';
import { IssueOnProgress } from '../../shared/certificates/on-progress';
import { CertificatesRepository } from '../../shared/certificates/repository';
import { CertificateRequests } from '../../shared/certificates/requests';
import { IamJwsSigner, LocalJwsSigner } from '../../shared/certificates/signers';
import { CertificateStatus } from '../../shared/certificates/status';
import { CertificateVerification } from '../../shared/certificates/verification';
import type { SubmissionsRepository } from '../../shared/submissions/repository';
import type { EmailServices } from './email';
import type { CatalogServices } from './catalog';
import { lazy, once } from './lazy';
import type { Platform } from './platform';
import type { ProgressServices } from './progress';

export interface CertificatesServices {
  repository: CertificatesRepository;
  eligibility: EligibilityReader;
  issuance: CertificateIssuance;
  onProgress: IssueOnProgress;
  requests: CertificateRequests;
  learner: LearnerCertificates;
  verification: CertificateVerification;
  lifecycle: CertificateLifecycle;
  status: CertificateStatus;
  keys: SigningKeyArchive;
}

/** How long one issuing attempt holds a certificate before another may take over. */
const LEASE_SECONDS = 60;

/**
 * Certificates read progress, the catalog and submissions (eligibility), mail learners through
 * the email templates, and sign credentials:
 * locally with the stack's key, in the cloud with the service account's Google-managed keys
 * through IAM signBlob. Fonts are loaded once per process and shared by every render.
 */
export function certificatesServices(
  platform: Platform,
  catalog: CatalogServices,
  progress: ProgressServices,
  submissions: () => SubmissionsRepository,
  email: EmailServices,
): CertificatesServices {
  const { config, clients, audit, directory, rateLimits } = platform;
  const issuer = { publicBaseUrl: config.publicBaseUrl, issuerName: config.issuerName };
  const credentialKeys = once((): CredentialKeys =>
    config.signingKey
      ? localCredentialKeys(() => LocalJwsSigner.fromPem(config.signingKey as string))
      : googleCredentialKeys(new IamJwsSigner(clients.iam, config.serviceAccount)),
  );
  const files = once(() => new CertificateFiles(clients.certificatesBucket));
  const artifacts = once(
    () =>
      new CertificateArtifacts(
        new CertificateRenderer(new FontLibrary(), credentialKeys()),
        files(),
        certificates.keys,
      ),
  );
  const notices = once(() => new CertificateNotices(email.mailer));
  const certificates: CertificatesServices = lazy<CertificatesServices>({
    repository: () => new CertificatesRepository(clients.firestore),
    eligibility: () => new EligibilityReader(catalog.repository, submissions()),
    keys: () => new SigningKeyArchive(certificates.repository, credentialKeys()),
    issuance: () =>
      new CertificateIssuance(
        certificates.repository,
        progress.repository,
        catalog.repository,
        certificates.eligibility,
        artifacts(),
        directory,
        notices(),
        { ...issuer, leaseSeconds: LEASE_SECONDS },
      ),
    onProgress: () => new IssueOnProgress(certificates.issuance),
    requests: () =>
      new CertificateRequests(
        certificates.repository,
        progress.repository,
        catalog.access,
        certificates.eligibility,
        certificates.issuance,
      ),
    learner: () =>
      new LearnerCertificates(certificates.repository, progress.repository, files(), {
        downloadUrlTtlSeconds: config.downloadUrlTtlSeconds,
      }),
    verification: () =>
      new CertificateVerification(certificates.repository, certificates.keys, rateLimits, issuer),
    lifecycle: () =>
      new CertificateLifecycle(
        certificates.repository,
        progress.repository,
        artifacts(),
        directory,
        notices(),
        audit,
        issuer,
      ),
    status: () => new CertificateStatus(certificates.eligibility, certificates.issuance),
  });
  return certificates;
}
