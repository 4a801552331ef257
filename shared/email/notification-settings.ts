import type { z } from 'zod';
import type { Caller } from '../auth';
import { AppError, invalidArgument } from '../errors';
import { log, LogEvent } from '../log';
import type { NoInput } from '../schemas/params';
import type { RequestContext, ResponseOf } from '../use-case';
import { MAIL_CATEGORIES } from './model';
import {
  applyPreferencesPatch,
  categoryStates,
  defaultPreferences,
  isCategoryOn,
  type NotificationPreferences,
} from './preferences';
import type { MailRepository } from './repository';
import {
  transactionalLabels,
  type NotificationSettingsPatchSchema,
  type NotificationSettingsSchema,
  type UnsubscribeQuerySchema,
  type UnsubscribeResultSchema,
} from './schemas';
import type { EmailSettings } from './settings';
import { verifyUnsubscribeToken, type UnsubscribeScope } from './unsubscribe';

type Settings = ResponseOf<typeof NotificationSettingsSchema>;
type UnsubscribeResult = ResponseOf<typeof UnsubscribeResultSchema>;

function view(preferences: NotificationPreferences): Settings {
  return {
    categories: categoryStates(preferences),
    quiet_hours: preferences.quiet_hours,
    always_sent: transactionalLabels(),
  };
}

/**
 * A learner's email preferences: read and changed signed in, or one category switched off by the
 * one-click link of a mail (RFC 8058), which works signed out because its token is signed.
 */
export class NotificationSettings {
  constructor(
    private readonly repo: MailRepository,
    private readonly settings: Pick<EmailSettings, 'unsubscribe_secrets' | 'preferences_url'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(caller: Caller, _params: NoInput, _query: unknown, _ctx: RequestContext) {
    return view((await this.repo.preferences(caller.uid)) ?? defaultPreferences());
  }

  async patch(
    caller: Caller,
    _params: NoInput,
    body: z.output<typeof NotificationSettingsPatchSchema>,
    _ctx: RequestContext,
  ): Promise<Settings> {
    const next = await this.repo.updatePreferences(caller.uid, (current) =>
      applyPreferencesPatch(current ?? defaultPreferences(), body),
    );
    return view(next);
  }

  private scope(token: string): UnsubscribeScope {
    const check = verifyUnsubscribeToken(token, {
      secrets: this.settings.unsubscribe_secrets,
      now: this.now(),
    });
    if (check.ok) return check.scope;
    if (check.reason === 'expired') {
      throw new AppError(
        'failed_precondition',
        'This unsubscribe link has expired; change your email settings signed in instead',
        { details: [{ path: 'query.token', message: 'Expired' }] },
      );
    }
    throw invalidArgument('This unsubscribe link is not valid', [
      {
        path: 'query.token',
        message: check.reason === 'malformed' ? 'Malformed' : 'Not signed by Pathwise',
      },
    ]);
  }

  private result(scope: UnsubscribeScope, off: boolean): UnsubscribeResult {
    return {
      category: scope.category,
      label: MAIL_CATEGORIES[scope.category].label,
      unsubscribed: off,
      preferences_url: this.settings.preferences_url,
    };
  }

  /** GET of the link: what it would switch off, and whether it already is. Changes nothing. */
  async preview(
    _caller: unknown,
    _params: NoInput,
    query: z.output<typeof UnsubscribeQuerySchema>,
    _ctx: RequestContext,
  ): Promise<UnsubscribeResult> {
    const scope = this.scope(query.token);
    const preferences = (await this.repo.preferences(scope.uid)) ?? defaultPreferences();
    return this.result(scope, !isCategoryOn(preferences, scope.category));
  }

  /** POST of the link (`List-Unsubscribe=One-Click`): switches the category off; idempotent. */
  async unsubscribe(
    _caller: unknown,
    _params: NoInput,
    query: z.output<typeof UnsubscribeQuerySchema>,
    ctx: RequestContext,
  ): Promise<UnsubscribeResult> {
    const scope = this.scope(query.token);
    await this.repo.updatePreferences(scope.uid, (current) =>
      applyPreferencesPatch(current ?? defaultPreferences(), {
        categories: { [scope.category]: false },
      }),
    );
    log.info(LogEvent.unsubscribed, 'Category unsubscribed by one-click link', {
      uid: scope.uid,
      category: scope.category,
      request_id: ctx.requestId,
    });
    return this.result(scope, true);
  }
}
