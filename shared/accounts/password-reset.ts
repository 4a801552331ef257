import type { Auth } from 'firebase-admin/auth';
import type { z } from 'zod';
import { greetingName, type Mailer } from '../email/mailer';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { log, LogEvent } from '../log';
import type { PasswordResetAcceptedSchema, PasswordResetBodySchema } from './schemas';

export const RESET_RATE_PER_EMAIL: RateRule = {
  what: 'password reset requests for this email',
  limit: 3,
  windowSeconds: 3600,
};
export const RESET_RATE_PER_ADDRESS: RateRule = {
  what: 'password reset requests from this address',
  limit: 20,
  windowSeconds: 3600,
};

/** Firebase's reset codes are valid for one hour. */
const RESET_LINK_MINUTES = 60;

/**
 * `POST /api/v1/auth/password-reset`: Pathwise's own reset mail around firebase-admin's reset
 * link. Security mail: it ignores the learner's category choices, never suppression. Requests in
 * the same minute are one mail; the answer is the same whether or not the address is registered.
 */
export class PasswordReset {
  constructor(
    private readonly auth: Auth,
    private readonly mailer: Mailer,
    private readonly rateLimits: RateLimiter,
  ) {}

  async request(
    _caller: unknown,
    _params: NoInput,
    body: z.output<typeof PasswordResetBodySchema>,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof PasswordResetAcceptedSchema>> {
    const email = body.email.trim().toLowerCase();
    await this.rateLimits.take(RESET_RATE_PER_ADDRESS, `ip:${ctx.clientAddress ?? 'unknown'}`);
    await this.rateLimits.take(RESET_RATE_PER_EMAIL, `email:${email}`);
    let uid: string;
    let link: string;
    try {
      uid = (await this.auth.getUserByEmail(email)).uid;
      link = await this.auth.generatePasswordResetLink(email);
    } catch (error) {
      if ((error as { code?: string }).code !== 'auth/user-not-found') throw error;
      log.info(LogEvent.mailSkipped, 'Password reset for an unknown address', {
        request_id: ctx.requestId,
      });
      return { status: 'accepted' };
    }
    const now = new Date();
    const recipient = await this.mailer.recipient(uid);
    await this.mailer.send(
      recipient,
      {
        template: 'password_reset',
        data: {
          name: greetingName(recipient),
          reset_url: link,
          requested_at: now.toISOString(),
          expires_in_minutes: RESET_LINK_MINUTES,
          timezone: recipient.timezone,
        },
        entity: { collection: 'users', id: uid },
        period: now.toISOString().slice(0, 16),
      },
      now,
    );
    return { status: 'accepted' };
  }
}
