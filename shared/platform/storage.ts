import { Storage, type Bucket } from '@google-cloud/storage';
import { GoogleAuth } from 'google-auth-library';
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
    if (config.signingKey) {
      const auth = new GoogleAuth({ projectId: config.projectId });
      // Set as the parsed key file rather than the deprecated `credentials` option: the same
      // credentials, without a deprecation warning on every start.
      auth.jsonContent = {
        type: 'service_account',
        client_email: config.serviceAccount,
        private_key: config.signingKey,
      };
      client = new Storage({ projectId: config.projectId, authClient: auth });
    } else {
      client = new Storage({ projectId: config.projectId });
    }
  }
  return client;
}

export function submissionsBucket(): Bucket {
  return storage().bucket(getConfig().submissionsBucket);
}
