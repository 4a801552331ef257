import { Timestamp } from 'firebase-admin/firestore';
import type { Auth } from 'firebase-admin/auth';
import { alreadyExists, invalidArgument } from '../errors';
import { webLinks } from '../email/links';
import type { Mailer } from '../email/mailer';
import { log, LogEvent } from '../log';
import type { RateLimiter, RateRule } from '../platform/rate-limit';
import type { WeeklyReports } from '../progress/weekly-report';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import type { AccountsRepository } from './repository';
import type { RegisterBody, RegisteredSchema } from './schemas';
import { sessionOf, type Sessions } from './sessions';

export const REGISTER_RATE: RateRule = { what: 'registrations', limit: 10, windowSeconds: 3600 };

const HIGHLIGHTS = [
  { title: 'Pathways', detail: 'Follow structured courses from first steps to a certificate.' },
  { title: 'Progress', detail: 'Pick up where you stopped, on any device.' },
  { title: 'Feedback', detail: 'Upload exercises and get reviews from instructors.' },
];

function authCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * `POST /api/v1/auth/register`: a Firebase Auth user with the learner role, its profile, the
 * welcome mail (once per account, whatever retries), the first weekly report's task, and a
 * signed-in session.
 */
export class Registration {
  constructor(
    private readonly auth: Auth,
    private readonly repo: AccountsRepository,
    private readonly sessions: Sessions,
    private readonly mailer: Mailer,
    private readonly weeklyReports: WeeklyReports,
    private readonly rateLimits: RateLimiter,
  ) {}

  async register(
    _caller: unknown,
    _params: NoInput,
    body: RegisterBody,
    ctx: RequestContext,
  ): Promise<ResponseOf<typeof RegisteredSchema>> {
    await this.rateLimits.take(REGISTER_RATE, `ip:${ctx.clientAddress ?? 'unknown'}`);
    const email = body.email.trim().toLowerCase();
    let uid: string;
    try {
      ({ uid } = await this.auth.createUser({
        email,
        password: body.password,
        displayName: body.full_name,
      }));
    } catch (error) {
      const code = authCode(error);
      if (code === 'auth/email-already-exists') {
        throw alreadyExists('An account with this email already exists; sign in instead');
      }
      if (code === 'auth/invalid-password') {
        throw invalidArgument('The password is too weak', [
          { path: 'password', message: 'Too weak' },
        ]);
      }
      if (code === 'auth/invalid-email') {
        throw invalidArgument('The email is not valid', [{ path: 'email', message: 'Invalid' }]);
      }
      throw error;
    }
    await this.auth.setCustomUserClaims(uid, { role: 'learner' });
    const now = new Date();
    await this.repo.createProfile(uid, {
      email,
      display_name: body.full_name,
      role: 'learner',
      timezone: body.timezone ?? 'UTC',
      created_at: Timestamp.fromDate(now),
    });
    try {
      await this.welcome(uid, body.full_name, now);
      await this.weeklyReports.schedule(uid, now);
    } catch (error) {
      // The account exists: answering 500 would make the client retry into "email taken".
      log.error(LogEvent.eventFailed, 'Welcome mail or weekly report scheduling failed', {
        uid,
        error,
        request_id: ctx.requestId,
      });
    }
    log.info(LogEvent.accountRegistered, 'Account registered', { uid, request_id: ctx.requestId });
    const session = await this.sessions.signIn(email, body.password);
    return {
      ...sessionOf(session),
      user: { uid, email, full_name: body.full_name, role: 'learner' },
    };
  }

  private async welcome(uid: string, name: string, now: Date): Promise<void> {
    const links = webLinks(this.mailer.settings);
    await this.mailer.send(
      await this.mailer.recipient(uid),
      {
        template: 'welcome',
        data: {
          name,
          dashboard_url: links.dashboard(),
          catalog_url: links.catalog(),
          highlights: HIGHLIGHTS,
        },
        entity: { collection: 'users', id: uid },
        period: null,
      },
      now,
    );
  }
}
