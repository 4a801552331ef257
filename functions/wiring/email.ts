import type { Config } from '../../shared/config';
import { Mailer } from '../../shared/email/mailer';
import { NotificationSettings } from '../../shared/email/notification-settings';
import { MailRepository } from '../../shared/email/repository';
import type { EmailSettings } from '../../shared/email/settings';
import { MailWatch } from '../../shared/email/watch-mail';
import { lazy, once } from './lazy';
import type { Platform } from './platform';

export interface EmailServices {
  repository: MailRepository;
  mailer: Mailer;
  settings: NotificationSettings;
  watch: MailWatch;
}

function configured(config: Config): EmailSettings {
  if (!config.email) {
    throw new Error(
      'Mail is not configured: set PATHWISE_EMAIL_UNSUBSCRIBE_SECRETS, PATHWISE_PUBLIC_URL, ' +
        'PATHWISE_EMAIL_SUPPORT_ADDRESS and PATHWISE_EMAIL_UNSUBSCRIBE_MAILTO',
    );
  }
  return config.email;
}

export function emailServices(platform: Platform): EmailServices {
  const { config, clients, directory } = platform;
  const repository = once(() => new MailRepository(clients.firestore));
  return lazy<EmailServices>({
    repository,
    mailer: () => new Mailer(repository(), directory, configured(config)),
    settings: () => new NotificationSettings(repository(), configured(config)),
    watch: () => new MailWatch(repository()),
  });
}
