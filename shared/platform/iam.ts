import { GoogleAuth } from 'google-auth-library';
import type { IamRequester } from '../certificates/signers';

/**
 * An authorised client for Google APIs called over plain HTTPS (the IAM Credentials API's
 * signBlob), with the function's own identity. The credentials are looked up on first use.
 */
export function createIamClient(): IamRequester {
  const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  return {
    request: async <T>(options: { url: string; method: 'POST'; data: unknown }) => {
      const client = await auth.getClient();
      const response = await client.request<T>(options);
      return { data: response.data };
    },
  };
}
