import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { IdentityToolkit, SessionTokens } from './identity-toolkit';
import type { LoginBodySchema, RefreshBodySchema, SessionSchema } from './schemas';

/** Guessing passwords: a few tries per account, more per address (a shared network). */
export const LOGIN_RATE_PER_EMAIL: RateRule = {
  what: 'sign-in attempts',
  limit: 10,
  windowSeconds: 300,
};
export const LOGIN_RATE_PER_ADDRESS: RateRule = {
  what: 'sign-in attempts from this address',
  limit: 60,
  windowSeconds: 300,
};
export const REFRESH_RATE: RateRule = { what: 'token refreshes', limit: 120, windowSeconds: 300 };

type Session = ResponseOf<typeof SessionSchema>;

export function sessionOf(tokens: SessionTokens): Session {
  return {
    uid: tokens.uid,
    id_token: tokens.id_token,
    access_token: tokens.id_token,
    token_type: 'bearer',
    refresh_token: tokens.refresh_token,
    expires_in: tokens.expires_in,
  };
}

const hashed = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * `POST /api/v1/auth/login` and `/refresh`: thin proxies to Firebase Auth's REST API, so a seed
 * 003 client gets Firebase ID and refresh tokens without the Firebase SDK.
 */
export class Sessions {
  constructor(
    private readonly toolkit: IdentityToolkit,
    private readonly rateLimits: RateLimiter,
  ) {}

  signIn(email: string, password: string): Promise<SessionTokens> {
    return this.toolkit.signIn(email, password);
  }

  async login(
    _caller: unknown,
    _params: NoInput,
    body: z.output<typeof LoginBodySchema>,
    ctx: RequestContext,
  ): Promise<Session> {
    const email = body.email.trim().toLowerCase();
    await this.rateLimits.take(LOGIN_RATE_PER_ADDRESS, `ip:${ctx.clientAddress ?? 'unknown'}`);
    await this.rateLimits.take(LOGIN_RATE_PER_EMAIL, `email:${email}`);
    return sessionOf(await this.toolkit.signIn(email, body.password));
  }

  async refresh(
    _caller: unknown,
    _params: NoInput,
    body: z.output<typeof RefreshBodySchema>,
    ctx: RequestContext,
  ): Promise<Session> {
    await this.rateLimits.take(REFRESH_RATE, `ip:${ctx.clientAddress ?? 'unknown'}`);
    await this.rateLimits.take(REFRESH_RATE, `token:${hashed(body.refresh_token)}`);
    return sessionOf(await this.toolkit.refresh(body.refresh_token));
  }
}
