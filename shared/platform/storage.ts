import { Storage, type Bucket } from '@google-cloud/storage';
import { getConfig } from '../config';

let client: Storage | undefined;

/**
 * The Cloud Storage client. In the cloud it uses the function's identity and signs URLs through
 * IAM signBlob; locally (STORAGE_EMULATOR_HOST set by the stack) it signs with the key the stack
 * generated, whose public half the local Storage emulator verifies signatures against.
 */
export function storage(): Storage {
  if (!client) {
    const config = getConfig();
    client = config.signingKey
      ? new Storage({
          projectId: config.projectId,
          credentials: { client_email: config.serviceAccount, private_key: config.signingKey },
        })
      : new Storage({ projectId: config.projectId });
  }
  return client;
}

export function submissionsBucket(): Bucket {
  return storage().bucket(getConfig().submissionsBucket);
}
