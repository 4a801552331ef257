import type { KeyObject } from 'node:crypto';
import { Storage } from '@google-cloud/storage';

/**
 * A `@google-cloud/storage` client that signs URLs as the service account `email` with its
 * private key (a key object or PKCS#8 PEM), against `apiEndpoint` or, without one, whatever
 * `STORAGE_EMULATOR_HOST` names when it is created.
 */
export function storageSigningAs(
  projectId: string,
  email: string,
  privateKey: KeyObject | string,
  apiEndpoint?: string,
): Storage {
  const pem =
    typeof privateKey === 'string'
      ? privateKey
      : privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return new Storage({
    projectId,
    ...(apiEndpoint ? { apiEndpoint } : {}),
    credentials: { client_email: email, private_key: pem },
  });
}

/**
 * `STORAGE_EMULATOR_HOST` for one test file, as the functions get it: `set` points clients
 * created afterwards at an emulator, and the variable is put back when the file's tests end.
 */
export function storageEmulatorHost(): { set(url: string): void } {
  const previous = process.env.STORAGE_EMULATOR_HOST;
  afterAll(() => {
    if (previous === undefined) delete process.env.STORAGE_EMULATOR_HOST;
    else process.env.STORAGE_EMULATOR_HOST = previous;
  });
  return {
    set(url) {
      process.env.STORAGE_EMULATOR_HOST = url;
    },
  };
}
