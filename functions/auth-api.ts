import {
  LoginBodySchema,
  PasswordResetAcceptedSchema,
  PasswordResetBodySchema,
  RefreshBodySchema,
  RegisterBodySchema,
  RegisteredSchema,
  SessionSchema,
} from '../shared/accounts/schemas';
import { route } from '../shared/http/route';
import { httpFunction } from '../shared/platform/functions';
import type { FunctionFactory, Services } from './services';

const tags = ['auth'];

/**
 * Seed 003's account endpoints. Firebase JS SDK clients sign in with Firebase directly; these
 * give clients without it the same Firebase ID and refresh tokens.
 */
export const authRoutes = (s: Services) => [
  route({
    method: 'POST',
    path: '/api/v1/auth/register',
    tags,
    auth: 'public',
    summary:
      'Create a learner account (email, password, full_name), sign it in, send the welcome mail',
    body: RegisterBodySchema,
    response: RegisteredSchema,
    status: 201,
    handler: ({ body, ctx }) => s.accounts.registration.register(null, {}, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/login',
    tags,
    auth: 'public',
    summary:
      'Sign in with email and password: Firebase ID token (also as access_token) and refresh token',
    body: LoginBodySchema,
    response: SessionSchema,
    handler: ({ body, ctx }) => s.accounts.sessions.login(null, {}, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    tags,
    auth: 'public',
    summary: 'Exchange a refresh token for a fresh ID token',
    body: RefreshBodySchema,
    response: SessionSchema,
    handler: ({ body, ctx }) => s.accounts.sessions.refresh(null, {}, body, ctx),
  }),
  route({
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    tags,
    auth: 'public',
    summary:
      'Mail a password reset link (the same answer whether or not the address is registered)',
    body: PasswordResetBodySchema,
    response: PasswordResetAcceptedSchema,
    status: 202,
    handler: ({ body, ctx }) => s.accounts.passwordReset.request(null, {}, body, ctx),
  }),
];

export const authApi: FunctionFactory = (s) => httpFunction('authApi', authRoutes(s), s.edge);
