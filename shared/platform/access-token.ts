import { GoogleAuth } from 'google-auth-library';

/**
 * OAuth access tokens of the function's own identity for Google REST APIs called with plain
 * `fetch` (Vertex AI). google-auth-library finds the credentials on first use and refreshes them.
 */
export function createAccessTokenSource(
  scopes = ['https://www.googleapis.com/auth/cloud-platform'],
): () => Promise<string> {
  const auth = new GoogleAuth({ scopes });
  return async () => {
    const token = await auth.getAccessToken();
    if (!token) throw new Error('Google credentials gave no access token');
    return token;
  };
}
