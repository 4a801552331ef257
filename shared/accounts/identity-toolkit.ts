import { z } from 'zod';
import { AppError, permissionDenied, resourceExhausted, unauthenticated } from '../errors';

/**
 * Firebase Auth's REST API (Identity Toolkit and Secure Token), the part a server may call for a
 * client: password sign-in and refresh-token exchange. Locally the Auth emulator serves the same
 * paths under its host.
 */
export interface IdentityToolkitOptions {
  apiKey: string;
  /** `host:port` of the Auth emulator; unset in the cloud. */
  emulatorHost?: string | undefined;
  fetch?: typeof fetch;
}

export interface SessionTokens {
  uid: string;
  id_token: string;
  refresh_token: string;
  expires_in: number;
}

const SignInSchema = z.object({
  localId: z.string().min(1),
  idToken: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.coerce.number().int().positive(),
});

const RefreshSchema = z.object({
  user_id: z.string().min(1),
  id_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().int().positive(),
});

const ErrorSchema = z.object({ error: z.object({ message: z.string() }) });

/** The service's error codes, as the API says them; the rest are faults of ours. */
function toAppError(message: string): AppError {
  const code = message.split(/[ :]/)[0] ?? '';
  switch (code) {
    case 'EMAIL_NOT_FOUND':
    case 'INVALID_PASSWORD':
    case 'INVALID_LOGIN_CREDENTIALS':
    case 'INVALID_EMAIL':
      return unauthenticated('Wrong email or password');
    case 'TOKEN_EXPIRED':
    case 'INVALID_REFRESH_TOKEN':
    case 'USER_NOT_FOUND':
    case 'INVALID_GRANT_TYPE':
    case 'MISSING_REFRESH_TOKEN':
      return unauthenticated('The refresh token is not valid any more; sign in again');
    case 'USER_DISABLED':
      return permissionDenied('This account is disabled');
    case 'TOO_MANY_ATTEMPTS_TRY_LATER':
      return resourceExhausted('Too many sign-in attempts for this account; try again later', 300);
    default:
      return new AppError('unavailable', 'Sign-in is unavailable right now', {
        cause: new Error(`Identity Toolkit: ${message}`),
      });
  }
}

export class IdentityToolkit {
  private readonly fetch: typeof fetch;
  private readonly identity: string;
  private readonly secureToken: string;

  constructor(private readonly options: IdentityToolkitOptions) {
    this.fetch = options.fetch ?? fetch;
    const base = options.emulatorHost ? `http://${options.emulatorHost}/` : 'https://';
    this.identity = `${base}identitytoolkit.googleapis.com/v1`;
    this.secureToken = `${base}securetoken.googleapis.com/v1`;
  }

  private async post(url: string, init: { type: string; body: string }): Promise<unknown> {
    const response = await this.fetch(`${url}?key=${encodeURIComponent(this.options.apiKey)}`, {
      method: 'POST',
      headers: { 'Content-Type': init.type },
      body: init.body,
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      const parsed = ErrorSchema.safeParse(body);
      throw toAppError(parsed.success ? parsed.data.error.message : `HTTP ${response.status}`);
    }
    return body;
  }

  async signIn(email: string, password: string): Promise<SessionTokens> {
    const body = SignInSchema.parse(
      await this.post(`${this.identity}/accounts:signInWithPassword`, {
        type: 'application/json',
        body: JSON.stringify({ email, password, returnSecureToken: true }),
      }),
    );
    return {
      uid: body.localId,
      id_token: body.idToken,
      refresh_token: body.refreshToken,
      expires_in: body.expiresIn,
    };
  }

  async refresh(refreshToken: string): Promise<SessionTokens> {
    const body = RefreshSchema.parse(
      await this.post(`${this.secureToken}/token`, {
        type: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: refreshToken,
        }).toString(),
      }),
    );
    return {
      uid: body.user_id,
      id_token: body.id_token,
      refresh_token: body.refresh_token,
      expires_in: body.expires_in,
    };
  }
}
