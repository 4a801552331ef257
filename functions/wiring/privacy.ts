import { AccountDeletion, firebaseAuthUsers } from '../../shared/privacy/account-deletion';
import { DeletionRecords } from '../../shared/privacy/deletion-records';
import { DataExport } from '../../shared/privacy/data-export';
import { LearnerRecordsReader } from '../../shared/privacy/learner-records';
import { PrivacyRepository } from '../../shared/privacy/repository';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface PrivacyServices {
  deletion: AccountDeletion;
  export: DataExport;
}

export function privacyServices(platform: Platform): PrivacyServices {
  const { config, clients, audit, directory, rateLimits } = platform;
  const repository = once(() => new PrivacyRepository(clients.firestore));
  return lazy<PrivacyServices>({
    deletion: () => {
      if (!config.pseudonymSecret) {
        throw new Error('Account deletion needs PATHWISE_PSEUDONYM_SECRET (32 characters or more)');
      }
      return new AccountDeletion(
        new DeletionRecords(clients.firestore),
        repository(),
        firebaseAuthUsers(clients.auth),
        directory,
        clients.submissionsBucket,
        clients.certificatesBucket,
        audit,
        config.pseudonymSecret,
      );
    },
    export: () =>
      new DataExport(
        new LearnerRecordsReader(clients.firestore),
        directory,
        clients.submissionsBucket,
        audit,
        rateLimits,
        config.downloadUrlTtlSeconds,
      ),
  });
}
