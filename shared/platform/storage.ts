import { Storage } from '@google-cloud/storage';
import { GoogleAuth } from 'google-auth-library';
import type { Config } from '../config';

/**
 * The Cloud Storage client. In the cloud it uses the function's identity and signs URLs through
 * IAM signBlob; locally (STORAGE_EMULATOR_HOST set by the stack) it signs with the key the stack
 * generated, whose public half the local Storage emulator verifies signatures against.
 */
export function createStorage(
  config: Pick<Config, 'projectId' | 'serviceAccount' | 'signingKey'>,
): Storage {
  return config.signingKey
    ? storageSigningWith(config.projectId, config.serviceAccount, config.signingKey)
    : new Storage({ projectId: config.projectId });
}

/** A client that signs URLs with a service-account key held in memory (local stack, benchmarks). */
export function storageSigningWith(
  projectId: string,
  clientEmail: string,
  privateKey: string,
): Storage {
  const auth = new GoogleAuth({ projectId });
  // Set as the parsed key file rather than the deprecated `credentials` option: the same
  // credentials, without a deprecation warning on every start.
  auth.jsonContent = {
    type: 'service_account',
    client_email: clientEmail,
    private_key: privateKey,
  };
  return new Storage({ projectId, authClient: auth });
}
